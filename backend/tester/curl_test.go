package tester

import (
	"strings"
	"testing"
)

func TestParseCurl(t *testing.T) {
	cases := []struct {
		name, in string
		want     Request
	}{
		{"httpsnippet heredoc", "curl --request POST \\\n  --url http://127.0.0.1:8787/api/v1/emails/send \\\n  --header 'Authorization: Bearer pm_test_abc' \\\n  --header 'Content-Type: application/json' \\\n  --data @- <<EOF\n{\n  \"to\": \"a@b.c\",\n  \"subject\": \"Hi it's\"\n}\nEOF",
			Request{Method: "POST", URL: "http://127.0.0.1:8787/api/v1/emails/send",
				Headers: []Header{{"Authorization", "Bearer pm_test_abc"}, {"Content-Type", "application/json"}},
				Body:    "{\n  \"to\": \"a@b.c\",\n  \"subject\": \"Hi it's\"\n}"}},
		{"short options and data means POST", `curl -s -H "Authorization: Bearer pm_live_x" -d '{"a":1}' https://api.example/api/v1/contacts`,
			Request{Method: "POST", URL: "https://api.example/api/v1/contacts",
				Headers: []Header{{"Authorization", "Bearer pm_live_x"}, {"Content-Type", "application/x-www-form-urlencoded"}}, Body: `{"a":1}`}},
		{"json flag", `curl --json '{"email":"x@y.z"}' http://localhost:1/api/v1/contacts`,
			Request{Method: "POST", URL: "http://localhost:1/api/v1/contacts",
				Headers: []Header{{"Content-Type", "application/json"}, {"Accept", "application/json"}}, Body: `{"email":"x@y.z"}`}},
		{"glued -X and ansi-c", `curl -XDELETE $'http://127.0.0.1:1/api/v1/contacts/a\'b'`,
			Request{Method: "DELETE", URL: "http://127.0.0.1:1/api/v1/contacts/a'b"}},
		{"get with data", `curl -G --url=http://127.0.0.1:1/x?a=1 --data-urlencode 'q=hello world'`,
			Request{Method: "GET", URL: "http://127.0.0.1:1/x?a=1&q=hello+world"}},
		{"double quote escapes", `curl -H "X-Note: say \"hi\"" http://127.0.0.1:1/`,
			Request{Method: "GET", URL: "http://127.0.0.1:1/", Headers: []Header{{"X-Note", `say "hi"`}}}},
	}
	for _, c := range cases {
		got, err := ParseCurl(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.Method != c.want.Method || got.URL != c.want.URL || got.Body != c.want.Body || len(got.Headers) != len(c.want.Headers) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, *got, c.want)
			continue
		}
		for i := range got.Headers {
			if got.Headers[i] != c.want.Headers[i] {
				t.Errorf("%s: header %d %v want %v", c.name, i, got.Headers[i], c.want.Headers[i])
			}
		}
	}
	for in, want := range map[string]string{
		"wget http://x":                    "starts with curl",
		"curl 'http://x":                   "single quote",
		"curl -H":                          "-H needs a value",
		"curl --frobnicate http://x":       "--frobnicate",
		"curl -d @body.json http://x":      "reads a file",
		"curl -s":                          "no URL",
		"curl --data @- http://x <<EOF\n{": "end marker",
	} {
		if _, err := ParseCurl(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error about %q", in, err, want)
		}
	}
}
