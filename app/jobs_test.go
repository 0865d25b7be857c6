package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/jobs"
	"github.com/penguinmails/console/backend/live"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// jobsEmitter is a fake Emitter that hands alerts and live states to the test.
type jobsEmitter struct {
	alerts chan jobs.Alert
	live   chan live.State
}

func (e *jobsEmitter) Emit(name string, data any) {
	switch name {
	case EventAlert:
		if a, ok := data.(jobs.Alert); ok && a.Kind == jobs.KindSecurity {
			select {
			case e.alerts <- a:
			default:
			}
		}
	case EventLiveState:
		if st, ok := data.(live.Status); ok {
			select {
			case e.live <- st.State:
			default:
			}
		}
	}
}

// An IP violation (a key allowed only 203.0.113.0/24, used from 127.0.0.1)
// goes platform → live stream → app events → jobs, and shows as an in-app
// alert within 2 s, without the console sending an email.
func TestIPViolationBecomesAlertWithin2s(t *testing.T) {
	const pw = "jobs-app-test-password"
	_, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: pw})

	log := logrus.New()
	log.SetOutput(io.Discard)
	a, err := New(Config{APIURL: url, DataDir: t.TempDir()}, log)
	if err != nil {
		t.Fatal(err)
	}
	em := &jobsEmitter{alerts: make(chan jobs.Alert, 16), live: make(chan live.State, 64)}
	a.Events.Attach(em)
	ctx, cancel := context.WithCancel(context.Background())
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); a.Stop() }()
	// No desktop pop-ups from a test run.
	set, _ := a.Jobs.Settings()
	set.DesktopNotifications = false
	if _, err := a.Jobs.SaveSettings(set); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", pw); err != nil {
		t.Fatal(err)
	}
	waitLive(t, em)

	c, err := a.Session.apiClient()
	if err != nil {
		t.Fatal(err)
	}
	sudo, err := c.Sudo(ctx, pw)
	if err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateKey(ctx, sudo.SudoToken, wire.CreateKeyRequest{Name: "Office only", Environment: "test",
		Permissions: []string{"send_email"}, AllowedIPs: []string{"203.0.113.0/24"}})
	if err != nil {
		t.Fatal(err)
	}
	outboxBefore := countOutbox(t, c, wire.NotifySecurity)

	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/emails/send",
		strings.NewReader(`{"to":"someone@example.com","subject":"hi","text_body":"hi"}`))
	req.Header.Set("Authorization", "Bearer "+created.APIKey)
	req.Header.Set("Content-Type", "application/json")
	sent := time.Now()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("gateway answered %d, want 403 ip_not_allowed", res.StatusCode)
	}

	select {
	case al := <-em.alerts:
		if took := time.Since(sent); took > 2*time.Second {
			t.Fatalf("the alert took %v", took)
		}
		if al.Kind != jobs.KindSecurity || al.SecurityKind != wire.SecIPViolation || al.KeyID != created.Key.KeyID || al.IP != "127.0.0.1" {
			t.Fatalf("alert: %+v", al)
		}
		if al.Emailed {
			t.Fatal("the console must not email security events itself")
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no in-app alert within 2 s of the IP violation")
	}

	list, err := a.Jobs.Alerts()
	if err != nil || len(list) == 0 || list[0].Status != jobs.AlertNew {
		t.Fatalf("alert history: %+v %v", list, err)
	}
	if _, err := a.Jobs.Acknowledge(list[0].ID); err != nil {
		t.Fatal(err)
	}
	if notes, _ := a.Jobs.Notifications(); len(notes) != 0 {
		t.Fatalf("no email should be recorded for a security alert: %+v", notes)
	}
	// The platform's own email (if any) is not doubled by the console.
	if after := countOutbox(t, c, wire.NotifySecurity); after > outboxBefore+1 {
		t.Fatalf("security emails went from %d to %d", outboxBefore, after)
	}
}

func waitLive(t *testing.T, em *jobsEmitter) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case s := <-em.live:
			if s == live.StateLive {
				return
			}
		case <-deadline:
			t.Fatal("the live stream did not connect")
		}
	}
}

func countOutbox(t *testing.T, c *platform.Client, kind string) int {
	t.Helper()
	box, err := c.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range box.Emails {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// SaveSettings names the wrong field for the UI.
func TestJobsSaveSettingsNamesTheField(t *testing.T) {
	log := logrus.New()
	log.SetOutput(io.Discard)
	url := "http://127.0.0.1:1" // nothing listens: settings need no platform
	a, err := New(Config{APIURL: url, DataDir: t.TempDir()}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	set, _ := a.Jobs.Settings()
	set.Schedules[jobs.JobAlerts] = "every 5 minutes"
	_, err = a.Jobs.SaveSettings(set)
	ue, ok := err.(*UIError)
	if !ok || ue.Code != CodeBadInput || !strings.Contains(ue.Fields["schedules.alerts"], "Schedule of Alerts") {
		t.Fatalf("want invalid_request naming schedules.alerts, got %#v", err)
	}
	if _, err := a.Jobs.RunNow("nope"); err == nil || !strings.Contains(err.Error(), "no job named") {
		t.Fatalf("unknown job: %v", err)
	}
}
