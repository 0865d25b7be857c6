package jobs

import "testing"

func TestCountWordsTheNumber(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{count(0, "key"), "0 keys"},
		{count(1, "key"), "1 key"},
		{count(int64(19), "request"), "19 requests"},
		{count(int64(1), "time"), "1 time"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
