package app

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
)

const testerPW = "tester-app-password-1"

type testerNopEmitter struct{}

func (testerNopEmitter) Emit(string, any) {}

// testerPlatform runs the real sandbox on loopback; stop() takes it away
// mid-test (the console then works from its cache).
func testerPlatform(t *testing.T) (url string, stop func()) {
	t.Helper()
	sb, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: testerPW})
	return url, func() { sb.Close() }
}

func testerApp(t *testing.T, apiURL, dataDir string) *App {
	t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	a, err := New(Config{APIURL: apiURL, DataDir: dataDir}, log)
	if err != nil {
		t.Fatal(err)
	}
	a.Events.Attach(testerNopEmitter{})
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a
}

func warningCodes(r *WarningsResult) []string {
	out := []string{}
	for _, w := range r.Warnings {
		out = append(out, w.Code)
	}
	return out
}

// The tester warns before sending exactly what the gateway then refuses:
// a key with the wrong scope, a revoked key, an IP-restricted key. History
// survives a restart, and the docs open offline from the cache.
func TestTesterWarningsHistoryAndOfflineDocs(t *testing.T) {
	url, stopPlatform := testerPlatform(t)
	dataDir := t.TempDir()
	a := testerApp(t, url, dataDir)
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", testerPW); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session.Sudo(testerPW); err != nil {
		t.Fatal(err)
	}
	create := func(req wire.CreateKeyRequest) *wire.CreateKeyResponse {
		t.Helper()
		req.Environment = "test"
		r, err := a.Keys.Create(req)
		if err != nil {
			t.Fatalf("create %s: %v", req.Name, err)
		}
		return r
	}
	good := create(wire.CreateKeyRequest{Name: "good", Permissions: []string{"send_email"}})
	wrongScope := create(wire.CreateKeyRequest{Name: "reader", Permissions: []string{"read_contacts"}})
	revoked := create(wire.CreateKeyRequest{Name: "revoked", Permissions: []string{"send_email"}})
	if _, err := a.Keys.Revoke(revoked.Key.KeyID); err != nil {
		t.Fatal(err)
	}
	ipOnly := create(wire.CreateKeyRequest{Name: "office only", Permissions: []string{"send_email"}, AllowedIPs: []string{"203.0.113.0/24"}})

	doc, err := a.Docs.Get()
	if err != nil || doc.Offline || doc.Version == "" {
		t.Fatalf("docs online: %+v %v", doc, err)
	}

	cases := []struct {
		name   string
		key    *wire.CreateKeyResponse
		want   string // the warning, and the gateway's error code
		status int
	}{
		{"good", good, "", 202},
		{"wrong scope", wrongScope, wire.CodeInsufficientPermissions, 403},
		{"revoked", revoked, wire.CodeKeyRevoked, 401},
		{"ip restricted", ipOnly, wire.CodeIPNotAllowed, 403},
	}
	for _, c := range cases {
		w, err := a.Tester.Warnings(c.key.Key.KeyID, "POST", url+"/api/v1/emails/send")
		if err != nil {
			t.Fatalf("%s: warnings: %v", c.name, err)
		}
		if w.RequiredPermission != "send_email" || !w.KnownEndpoint || w.LocalIP != "127.0.0.1" {
			t.Fatalf("%s: endpoint facts %+v", c.name, w)
		}
		got := warningCodes(w)
		if (c.want == "" && len(got) != 0) || (c.want != "" && (len(got) != 1 || got[0] != c.want)) {
			t.Fatalf("%s: warnings %v, want [%s]", c.name, got, c.want)
		}
		// and the gateway agrees
		e, err := a.Tester.Send(tester.Request{Method: "POST", URL: "/api/v1/emails/send", KeyID: c.key.Key.KeyID,
			Headers: []tester.Header{{Name: "Authorization", Value: "Bearer " + c.key.APIKey}, {Name: "Content-Type", Value: "application/json"}},
			Body:    `{"to":"dev@example.com","subject":"Tester","text_body":"hi"}`})
		if err != nil || e.Response == nil {
			t.Fatalf("%s: send: %+v %v", c.name, e, err)
		}
		if e.Response.Status != c.status {
			t.Fatalf("%s: status %d, want %d: %s", c.name, e.Response.Status, c.status, e.Response.Body)
		}
		var body struct {
			Error string `json:"error"`
		}
		json.Unmarshal([]byte(e.Response.Body), &body)
		if body.Error != c.want {
			t.Fatalf("%s: the gateway said %q, the warning %q", c.name, body.Error, c.want)
		}
		if !hasHeader(e.Response.Headers, "X-Ratelimit-Limit") || e.Response.TTFBMs <= 0 {
			t.Fatalf("%s: answer lacks rate-limit headers or timing: %+v", c.name, e.Response)
		}
		if strings.Contains(e.Request.Headers[0].Value, c.key.APIKey) {
			t.Fatalf("%s: the returned entry holds the full secret", c.name)
		}
	}
	// A path the document does not describe: no permission to check.
	if w, err := a.Tester.Warnings(good.Key.KeyID, "GET", "/api/v1/nothing-here"); err != nil || w.KnownEndpoint || len(w.Warnings) != 0 {
		t.Fatalf("unknown endpoint: %+v %v", w, err)
	}
	// Another host is refused, named, and not kept.
	if _, err := a.Tester.Send(tester.Request{Method: "GET", URL: "https://example.com/"}); uiCode(err) != CodeBadInput {
		t.Fatalf("other host: %v", err)
	}

	// Restart the console with the platform gone.
	a.Stop()
	stopPlatform()
	a = testerApp(t, url, dataDir)
	defer a.Stop()

	hist, err := a.Tester.History("")
	if err != nil || len(hist) != len(cases) {
		t.Fatalf("history after restart: %d entries, %v", len(hist), err)
	}
	if hist[0].KeyID != ipOnly.Key.KeyID || hist[0].Status != 403 || hist[0].KeyMasked != ipOnly.Key.MaskedKey {
		t.Fatalf("newest entry: %+v", hist[0])
	}
	if l, _ := a.Tester.History("401"); len(l) != 1 || l[0].KeyID != revoked.Key.KeyID {
		t.Fatalf("search 401: %+v", l)
	}
	e, err := a.Tester.HistoryEntry(hist[len(hist)-1].ID)
	if err != nil || e.Response.Status != 202 || e.Request.Headers[0].Value != "Bearer "+good.Key.MaskedKey {
		t.Fatalf("reopened entry: %+v %v", e, err)
	}
	for _, c := range cases {
		if hits := grepDirFor(t, dataDir, c.key.APIKey); len(hits) > 0 {
			t.Fatalf("the secret of %q is on disk in %v", c.name, hits)
		}
	}

	off, err := a.Docs.Get()
	if err != nil || !off.Offline || off.Version != doc.Version || string(off.Spec) != string(doc.Spec) {
		t.Fatalf("offline docs: offline=%v version=%q err=%v", off != nil && off.Offline, off.Version, err)
	}

	if err := a.Tester.ClearHistory(); err != nil {
		t.Fatal(err)
	}
	if l, _ := a.Tester.History(""); len(l) != 0 {
		t.Fatalf("cleared history has %d", len(l))
	}
}

func hasHeader(hs []tester.Header, name string) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return true
		}
	}
	return false
}
