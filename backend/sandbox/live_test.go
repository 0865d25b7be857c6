package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/wire"
)

// The live stream authenticates with the session (header or ?token=), ticks,
// and carries an IP violation as a security_event at once.
func TestLiveStreamSecurityEvent(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	office := e.createKey(a, wire.CreateKeyRequest{Name: "Office", Environment: "live", Permissions: []string{PermSendEmail}, AllowedIPs: []string{"203.0.113.0/24"}})
	wsURL := "ws" + strings.TrimPrefix(e.url, "http") + "/api/v1/tenant/analytics/api-usage/live"

	if _, r, err := websocket.DefaultDialer.Dial(wsURL+"?token=pms_wrong", nil); err == nil || r.StatusCode != 401 {
		t.Fatalf("bad token accepted: %v", err)
	}
	viaQuery, _, err := websocket.DefaultDialer.Dial(wsURL+"?token="+a.tok, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer viaQuery.Close()
	viaHeader, _, err := websocket.DefaultDialer.Dial(wsURL, http.Header{"Authorization": {"Bearer " + a.tok}})
	if err != nil {
		t.Fatal(err)
	}
	defer viaHeader.Close()

	start := time.Now()
	r := e.gw("POST", "/emails/send", office.APIKey, map[string]any{"to": "x@example.com", "subject": "s", "text_body": "b"})
	if r.status != 403 {
		t.Fatalf("want ip_not_allowed, got %d", r.status)
	}
	var wg sync.WaitGroup
	for _, c := range []*websocket.Conn{viaQuery, viaHeader} {
		wg.Add(1)
		go func(c *websocket.Conn) {
			defer wg.Done()
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			for {
				var m wire.LiveMessage
				if err := c.ReadJSON(&m); err != nil {
					t.Errorf("no security event: %v", err)
					return
				}
				if m.Type == "security_event" {
					if m.Event == nil || m.Event.Kind != wire.SecIPViolation || m.Event.KeyID != office.Key.KeyID || m.Event.IP != "127.0.0.1" {
						t.Errorf("event %+v", m.Event)
					}
					if d := time.Since(start); d > 1500*time.Millisecond {
						t.Errorf("security event after %v", d)
					}
					return
				}
			}
		}(c)
	}
	wg.Wait()
}

// Demo traffic creates its keys (as "system"), backfills 30 days through the
// usage path, sends live traffic with a 403 ip_not_allowed, and after a
// restart on the same data sends traffic again with the same keys: nothing
// rotated, created or audited anew, and no key_revoked.
func TestDemoTraffic(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	a := e.admin() // before the backfill: bcrypt under -race on a busy machine is slow enough
	ran := make(chan struct{})
	go func() { e.srv.RunDemoTraffic(ctx); close(ran) }()
	// Run until the live traffic has begun (its first request is the IP
	// violation), bounded by the context.
	for ctx.Err() == nil {
		var sec wire.SecurityEventList
		e.req("GET", "/api/v1/platform/security-events", nil, bearerH(a.tok)...).decode(t, &sec)
		if len(sec.Events) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-ran
	var l wire.KeyList
	e.req("GET", "/api/v1/platform/api-keys", nil, bearerH(a.tok)...).decode(t, &l)
	if l.Total != 3 {
		t.Fatalf("demo keys: %d", l.Total)
	}
	var u wire.APIUsage
	e.req("GET", "/api/v1/tenant/analytics/api-usage?range=30d", nil, bearerH(a.tok)...).decode(t, &u)
	if u.Summary.TotalRequests < 10000 || len(u.ErrorsByStatus) < 3 {
		t.Fatalf("backfill: %+v", u.Summary)
	}
	var sec wire.SecurityEventList
	e.req("GET", "/api/v1/platform/security-events", nil, bearerH(a.tok)...).decode(t, &sec)
	if len(sec.Events) == 0 || sec.Events[len(sec.Events)-1].Kind != wire.SecIPViolation {
		t.Fatalf("no IP violation: %+v", sec.Events)
	}
	before := map[string]wire.Key{}
	for _, k := range l.APIKeys {
		before[k.KeyID] = k
		d := e.getKey(a, k.KeyID)
		if last := d.Audit[len(d.Audit)-1]; last.Kind != "created" || last.Actor != wire.ActorSystem {
			t.Fatalf("demo key %s audit: %+v", k.Name, d.Audit)
		}
	}
	e.srv.Close()

	e2 := newEnv(t, envOpts{dir: dir})
	e2.clock.Set(e.clock.Now())
	ctx2, cancel2 := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel2()
	a2 := e2.admin()
	ran2 := make(chan struct{})
	go func() { e2.srv.RunDemoTraffic(ctx2); close(ran2) }()
	// Run until each traffic key has answered a request with success.
	succeeded := func() bool {
		e2.req("GET", "/api/v1/platform/api-keys", nil, bearerH(a2.tok)...).decode(t, &l)
		n := 0
		for _, k := range l.APIKeys {
			if b, ok := before[k.KeyID]; ok && k.Name != "Office only" && k.RequestCount-k.ErrorCount > b.RequestCount-b.ErrorCount {
				n++
			}
		}
		return n == 2
	}
	for ctx2.Err() == nil && !succeeded() {
		time.Sleep(50 * time.Millisecond)
	}
	cancel2()
	<-ran2
	if !succeeded() {
		t.Fatal("no successful demo traffic after the restart")
	}
	if l.Total != 3 {
		t.Fatalf("demo keys after restart: %d", l.Total)
	}
	for _, k := range l.APIKeys {
		b, ok := before[k.KeyID]
		if !ok || k.Rotation != nil || k.MaskedKey != b.MaskedKey || k.Status != wire.StatusActive {
			t.Errorf("demo key %s changed on restart: %+v", k.Name, k)
		}
		for _, ev := range e2.getKey(a2, k.KeyID).Audit { // new_ip: the traffic's first use from 127.0.0.1
			if ev.Kind != "new_ip" && (ev.Kind != "created" || ev.Actor != wire.ActorSystem) {
				t.Errorf("demo key %s audited on restart: %+v", k.Name, ev)
			}
		}
	}
	// The tenant-wide audit: the three creations by "system", nothing else about keys.
	var au wire.AuditPage
	for _, action := range []string{wire.AuditKeyCreated, wire.AuditKeyRotated, wire.AuditKeyUpdated, wire.AuditKeyRevoked} {
		var page wire.AuditPage
		r := e2.req("GET", "/api/v1/tenant/audit?action="+action, nil, bearerH(a2.tok)...)
		if r.status != 200 {
			t.Fatalf("audit: %d %s", r.status, r.body)
		}
		r.decode(t, &page)
		au.Entries = append(au.Entries, page.Entries...)
	}
	created := 0
	for _, en := range au.Entries {
		switch en.Action {
		case wire.AuditKeyCreated:
			if en.Actor != wire.ActorSystem {
				t.Errorf("demo key created by %q", en.Actor)
			}
			created++
		case wire.AuditKeyRotated, wire.AuditKeyUpdated, wire.AuditKeyRevoked:
			t.Errorf("demo traffic changed a key: %+v", en)
		}
	}
	if created != 3 {
		t.Errorf("demo keys created %d times in the audit", created)
	}
	e2.req("GET", "/api/v1/platform/security-events", nil, bearerH(a2.tok)...).decode(t, &sec)
	for _, ev := range sec.Events {
		if ev.Kind == wire.SecRevokedKeyUsed {
			t.Fatalf("a demo key was refused as revoked after the restart: %+v", ev)
		}
	}
	var u2 wire.APIUsage
	e2.req("GET", "/api/v1/tenant/analytics/api-usage?range=30d", nil, bearerH(a2.tok)...).decode(t, &u2)
	if u2.Summary.TotalRequests < u.Summary.TotalRequests {
		t.Fatalf("backfill repeated or lost: %d then %d", u.Summary.TotalRequests, u2.Summary.TotalRequests)
	}
}

func TestCommand(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Command(ctx, []string{"--addr", "127.0.0.1:0", "--data-dir", dir, "--plan", "starter", "--api-url", "ignored", "--log-level", "error"}, out)
	}()
	var url string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && url == ""; time.Sleep(20 * time.Millisecond) {
		for _, line := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(line, "http://") {
				url = line
			}
		}
	}
	if url == "" {
		t.Fatalf("no URL printed: %q", out.String())
	}
	res, err := http.Get(url + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v", err)
	}
	res.Body.Close()
	text := out.String()
	for _, want := range []string{"admin@demo.penguinmails.test", "developer@demo.penguinmails.test", "support@demo.penguinmails.test", "password: "} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := Command(context.Background(), []string{"--plan", "gold", "--data-dir", t.TempDir()}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "unknown plan") {
		t.Fatalf("bad plan: %v", err)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
