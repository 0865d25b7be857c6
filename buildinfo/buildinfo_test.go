package buildinfo

import (
	"strings"
	"testing"
)

func TestStringNamesVersionAndCommit(t *testing.T) {
	old, oldC := Version, Commit
	t.Cleanup(func() { Version, Commit = old, oldC })
	Version, Commit = "1.2.3", "abcdef123456"
	s := Get().String()
	for _, want := range []string{"penguinmails-console 1.2.3", "commit abcdef123456", "go1."} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
}
