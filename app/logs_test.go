package app

import (
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// gatewayID makes one API call and returns its request id.
func gatewayID(t *testing.T, base, key, method, path string) string {
	t.Helper()
	_, id := callGateway(t, base, key, method, path, "")
	return id
}

// tailed reports whether the UI was sent the log entry with this id.
func tailed(ev *uiEvents, id string) bool {
	for _, d := range ev.of(EventLogEntry) {
		if d.(wire.LogEntry).RequestID == id {
			return true
		}
	}
	return false
}

// The Logs service pages the request log and the audit log, finds a request
// by id, tails live, exports CSV, and offline shows the pages it fetched last
// with their age.
func TestLogsServiceOnlineTailAndOffline(t *testing.T) {
	sb, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: usagePW})
	clk := sandboxtest.NewClock(time.Now())
	a, ev := usageApp(t, url, t.TempDir(), clk)
	t.Cleanup(a.Stop)
	if _, err := a.Logs.List(LogsRequest{}); uiCode(err) != CodeNotSignedIn {
		t.Fatalf("signed out: %v", err)
	}
	k := signInWithKey(t, a, usagePW, "logs test", "send_email")
	ok := gatewayID(t, url, k.APIKey, "GET", "/emails/em_none")
	denied := gatewayID(t, url, k.APIKey, "GET", "/contacts")

	v, err := a.Logs.List(LogsRequest{Status: "403"})
	if err != nil || v.Offline || len(v.Page.Entries) != 1 || v.Page.Entries[0].RequestID != denied {
		t.Fatalf("list 403: %+v %v", v, err)
	}
	one, err := a.Logs.Entry(ok)
	if err != nil || one.Entry.Status != 404 || one.Entry.ResponseHeaders["X-Request-Id"] != ok {
		t.Fatalf("entry: %+v %v", one, err)
	}
	if _, err := a.Logs.Entry("nope"); uiCode(err) != CodeBadInput {
		t.Errorf("bad id: %v", err)
	}
	if _, err := a.Logs.List(LogsRequest{From: "yesterday"}); uiCode(err) != CodeBadInput {
		t.Errorf("bad from: %v", err)
	}
	audit, err := a.Logs.Audit(AuditRequest{Action: wire.AuditKeyCreated})
	if err != nil || len(audit.Page.Entries) != 1 || audit.Page.Entries[0].Target != k.Key.KeyID {
		t.Fatalf("audit: %+v %v", audit, err)
	}
	csvFile, err := a.Logs.ExportCSV(LogsRequest{})
	if err != nil || strings.Count(csvFile.Content, "\n") != 3 || !strings.Contains(csvFile.Content, denied) {
		t.Errorf("csv: %q %v", csvFile.Content, err)
	}

	// the live tail emits new entries while on
	if err := a.Logs.Tail(true); err != nil {
		t.Fatal(err)
	}
	var sent []string // one more every 250 ms until the subscription is up
	ev.wait(t, "a tailed entry", func() bool {
		for _, id := range sent {
			if tailed(ev, id) {
				return true
			}
		}
		return false
	}, func() { sent = append(sent, gatewayID(t, url, k.APIKey, "GET", "/contacts")) })
	a.Logs.Tail(false)

	// offline: the page fetched last, with its age; another query falls back to it
	a.Logs.List(LogsRequest{})
	sb.Close()
	clk.Advance(90 * time.Second)
	v, err = a.Logs.List(LogsRequest{})
	if err != nil || !v.Offline || !v.SameQuery || v.AgeSeconds < 90 || len(v.Page.Entries) < 3 {
		t.Fatalf("offline: %+v %v", v.Kept, err)
	}
	v, err = a.Logs.List(LogsRequest{Method: "POST"})
	if err != nil || !v.Offline || v.SameQuery || v.Query.Method != "" {
		t.Fatalf("offline, another query: %+v %+v %v", v.Kept, v.Query, err)
	}
	if e, err := a.Logs.Entry(ok); err != nil || !e.Offline || e.Entry.RequestID != ok {
		t.Errorf("offline entry: %+v %v", e, err)
	}
	if a, err := a.Logs.Audit(AuditRequest{Action: wire.AuditKeyCreated}); err != nil || !a.Offline {
		t.Errorf("offline audit: %+v %v", a.Kept, err)
	}
}
