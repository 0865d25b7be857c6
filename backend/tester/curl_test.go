package tester

import (
	"slices"
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/apikey"
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
}

// A PenguinMails key in the command's Authorization header comes back apart
// for the key picker, by the gateway's rules (format and checksum): a
// well-formed secret is returned in Key with the header kept as written; a
// masked one is dropped (it can never authenticate); anything else is an
// ordinary header.
func TestParseCurlKeyApart(t *testing.T) {
	k, err := apikey.GenerateKey("live")
	if err != nil {
		t.Fatal(err)
	}
	// The same key with its checksum's last character changed.
	alt := "A"
	if k[len(k)-1] == 'A' {
		alt = "B"
	}
	forged := k[:len(k)-1] + alt
	cmd := func(auth string) string {
		return "curl http://127.0.0.1:1/api/v1/contacts -H 'X-Trace: 1' -H '" + auth + "'"
	}
	for _, c := range []struct {
		auth, key string
		kept      bool
	}{
		{"Authorization: Bearer " + k, k, true},
		{"authorization:   bearer   " + k, k, true},
		{"Authorization: Bearer " + apikey.Mask(k), "", false},
		{"Authorization: Bearer pm_test_...", "", false},
		{"Authorization: Bearer " + forged, "", true},
		{"Authorization: Bearer " + k[:20], "", true},
		{"Authorization: Bearer my-own-service-token", "", true},
		{"Authorization: Basic " + k, "", true},
		{"X-Api-Key: " + k, "", true},
	} {
		got, err := ParseCurl(cmd(c.auth))
		if err != nil {
			t.Fatalf("%s: %v", c.auth, err)
		}
		if got.Key != c.key {
			t.Errorf("%s: key %q, want %q", c.auth, got.Key, c.key)
		}
		want := []Header{{"X-Trace", "1"}}
		if c.kept {
			name, value, _ := strings.Cut(c.auth, ":")
			want = append(want, Header{name, strings.TrimSpace(value)})
		}
		if !slices.Equal(got.Headers, want) {
			t.Errorf("%s: headers %v, want %v", c.auth, got.Headers, want)
		}
	}
}

// Every malformed command is refused with what is wrong and where, and
// nothing is imported (no request comes back).
func TestParseCurlRefusesMalformed(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"wget http://x", "Paste a command that starts with curl"},
		{`curl -X POST https://api.example/v1 -d '{"to":"a@b.c"}`, "Unclosed ' quote at character 40"},
		{`curl -H "Authorization: Bearer pm_test_abc https://api.example/v1`, `Unclosed " quote at character 9`},
		{`curl $'http://x/a\'b`, "Unclosed $' quote at character 6"},
		{"curl http://x/ \\", "A backslash at character 16 ends the command and escapes nothing"},
		{"curl -H", "-H needs a value (at character 6)"},
		{"curl http://x -H 'X-No-Colon'", `Header "X-No-Colon" has no colon (at character 18)`},
		{"curl --frobnicate http://x", "The tester does not understand the curl option --frobnicate (at character 6)"},
		{"curl -d @body.json http://x", "-d @body.json reads a file; paste the body itself instead (at character 9)"},
		{"curl http://a/ http://b/", "Two URLs (http://a/ and http://b/): the tester sends one request (at character 16)"},
		{"curl -s", "The command has no URL"},
		{"curl --data @- http://x <<EOF\n{", "The here-document never reaches its end marker EOF (the here-document starts at character 25)"},
		{`curl "http://example.com/foo -d {bad"`, `The URL "http://example.com/foo -d {bad" has a space in it: is a quote missing? (at character 6)`},
		{"curl example.com/foo", `The URL "example.com/foo" must start with http:// or https:// and name a host (at character 6)`},
	} {
		got, err := ParseCurl(c.in)
		if err == nil || err.Error() != c.want || got != nil {
			t.Errorf("%q:\n got %v (request %v)\nwant %s", c.in, err, got, c.want)
		}
	}
}
