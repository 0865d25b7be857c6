package sandbox

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/sandbox/live"
	"github.com/penguinmails/console/backend/wire"
)

// Connections whose headers or body never finish are cut off by the
// server's timeouts (set short here; 10 s and 30 s by default), while the
// live websocket, once upgraded, outlives both timeouts.
func TestSlowClientsAreCutOff(t *testing.T) {
	// Sign in with the default timeouts (bcrypt under -race on a busy
	// machine may take longer than the short ones), then restart short.
	dir := t.TempDir()
	first := newEnv(t, envOpts{dir: dir})
	tok := first.login("admin@demo.penguinmails.test")
	first.srv.Close()
	e := newEnv(t, envOpts{dir: dir, timeouts: Timeouts{ReadHeader: 300 * time.Millisecond, Read: 600 * time.Millisecond,
		Write: 1500 * time.Millisecond, Idle: time.Second}})
	host := strings.TrimPrefix(e.url, "http://")

	type slow struct {
		name, send string
		want408    bool
	}
	var cases []slow
	for i := 0; i < 3; i++ {
		cases = append(cases,
			slow{"body never comes", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":", true},
			slow{"headers never end", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Le", false})
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		go func(c slow) {
			defer wg.Done()
			conn, err := net.Dial("tcp", host)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, c.send); err != nil {
				t.Error(err)
				return
			}
			// The client never sends more; the server must give up first.
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			got, err := io.ReadAll(conn)
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Errorf("%s: the server held the connection open", c.name)
				return
			}
			if c.want408 && !strings.HasPrefix(string(got), "HTTP/1.1 408") || c.want408 && !strings.Contains(string(got), wire.CodeRequestTimeout) {
				t.Errorf("%s: answered %q", c.name, got)
			}
		}(c)
	}

	// Meanwhile a live stream keeps going past the read and write timeouts.
	ws := dialLive(t, e, tok)
	defer ws.Close()
	opened := time.Now()
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	for time.Since(opened) < 2*time.Second {
		var m wire.LiveMessage
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatalf("live stream cut off after %v: %v", time.Since(opened), err)
		}
	}
	wg.Wait()
	if r := e.req("GET", "/healthz", nil); r.status != 200 {
		t.Fatalf("server after slow clients: %d", r.status)
	}
}

func liveURL(e *env) string {
	return "ws" + strings.TrimPrefix(e.url, "http") + "/api/v1/tenant/analytics/api-usage/live"
}

func dialLive(t *testing.T, e *env, tok string) *websocket.Conn {
	t.Helper()
	ws, r, err := websocket.DefaultDialer.Dial(liveURL(e)+"?token="+tok, nil)
	if err != nil {
		status := 0
		if r != nil {
			status = r.StatusCode
		}
		t.Fatalf("dial live: %v (%d)", err, status)
	}
	return ws
}

// A session may hold 8 live streams; the 9th is refused with 429 and a
// message, other sessions are not affected, and closing one frees a place.
func TestLiveStreamsPerSessionCapped(t *testing.T) {
	e := newEnv(t, envOpts{})
	tok := e.login("admin@demo.penguinmails.test")
	var open []*websocket.Conn
	for i := 0; i < live.MaxPerSession; i++ {
		open = append(open, dialLive(t, e, tok))
	}
	defer func() {
		for _, ws := range open {
			ws.Close()
		}
	}()
	_, r, err := websocket.DefaultDialer.Dial(liveURL(e)+"?token="+tok, nil)
	if err == nil || r == nil || r.StatusCode != 429 {
		t.Fatalf("9th stream: %v %v", err, r)
	}
	b, _ := io.ReadAll(r.Body)
	if !strings.Contains(string(b), wire.CodeTooManyStreams) || !strings.Contains(string(b), wire.MsgTooManyStreams) {
		t.Fatalf("9th stream answer: %s", b)
	}
	other := dialLive(t, e, e.login("admin@demo.penguinmails.test"))
	other.Close()

	open[0].WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	open[0].Close()
	// The server notices the close asynchronously; it frees the place soon.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ws, _, err := websocket.DefaultDialer.Dial(liveURL(e)+"?token="+tok, nil)
		if err == nil {
			open[0] = ws
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed stream's place was not freed: %v", err)
		}
	}
}

// readUntilClosed reads a stream until it ends and returns the close frame.
func readUntilClosed(ws *websocket.Conn, within time.Duration) (*websocket.CloseError, time.Duration) {
	start := time.Now()
	ws.SetReadDeadline(start.Add(within))
	for {
		if _, _, err := ws.ReadMessage(); err != nil {
			ce, _ := err.(*websocket.CloseError)
			return ce, time.Since(start)
		}
	}
}

// Signing out ends the session's live streams at once, not the other
// session's; a session's expiry ends its streams on the next tick.
func TestLiveStreamEndsWithSession(t *testing.T) {
	e := newEnv(t, envOpts{})
	out, stays := e.login("admin@demo.penguinmails.test"), e.login("developer@demo.penguinmails.test")
	wsOut, wsStays := dialLive(t, e, out), dialLive(t, e, stays)
	defer wsOut.Close()
	defer wsStays.Close()
	if r := e.req("POST", "/api/v1/auth/logout", nil, bearerH(out)...); r.status != 200 {
		t.Fatalf("logout: %d", r.status)
	}
	// The bar is 1 s (sign-out closes at once, expiry on the next 1 s tick);
	// the checks allow 1 s more for a loaded CI machine. A stream that lived
	// on until its next ping (54 s) would fail them.
	ce, took := readUntilClosed(wsOut, 5*time.Second)
	if ce == nil || ce.Code != live.CloseSessionEnded || ce.Text != "signed out" || took > 2*time.Second {
		t.Fatalf("stream after logout: %v after %v", ce, took)
	}
	// The other session still gets ticks.
	wsStays.SetReadDeadline(time.Now().Add(3 * time.Second))
	var m wire.LiveMessage
	if err := wsStays.ReadJSON(&m); err != nil || m.Type != "tick" {
		t.Fatalf("other session's stream: %v %+v", err, m)
	}
	e.clock.Advance(sessionTTL)
	ce, took = readUntilClosed(wsStays, 5*time.Second)
	if ce == nil || ce.Code != live.CloseSessionEnded || ce.Text != "session expired" || took > 2*time.Second {
		t.Fatalf("stream after expiry: %v after %v", ce, took)
	}
}

// A sudo token works only in the session that confirmed it.
func TestSudoBoundToSession(t *testing.T) {
	e := newEnv(t, envOpts{})
	one, two := e.login("admin@demo.penguinmails.test"), e.login("admin@demo.penguinmails.test")
	sudo := e.sudo(one)
	body := allPerms("test")
	r := e.req("POST", "/api/v1/platform/api-keys", body, append(bearerH(two), "X-Sudo-Token", sudo)...)
	if r.status != 403 || r.apiErr().Code != wire.CodeSudoRequired {
		t.Fatalf("sudo of session 1 in session 2: %d %s", r.status, r.body)
	}
	var l wire.KeyList
	e.req("GET", "/api/v1/platform/api-keys", nil, bearerH(two)...).decode(t, &l)
	before := l.Total
	e.createKey(sess{one, sudo}, body)
	e.req("GET", "/api/v1/platform/api-keys", nil, bearerH(two)...).decode(t, &l)
	if l.Total != before+1 {
		t.Fatalf("keys: %d then %d", before, l.Total)
	}
}

// clientFrom sends requests from a given loopback address.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: testClientTimeout, Transport: &http.Transport{DialContext: d.DialContext}}
}

func (e *env) loginFrom(hc *http.Client, email, password string) resp {
	e.t.Helper()
	saved := e.hc
	e.hc = hc
	defer func() { e.hc = saved }()
	return e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: email, Password: password},
		"Content-Type", "application/json")
}

// Five wrong passwords from one address lock that address out, not the real
// admin at another; the per-email ceiling stops guessing spread over many
// addresses.
func TestLockoutPerClientAddress(t *testing.T) {
	e := newEnv(t, envOpts{})
	const admin = "admin@demo.penguinmails.test"
	stranger, owner := clientFrom("127.0.0.2"), clientFrom("127.0.0.1")
	for i := 0; i < pairMax; i++ {
		if r := e.loginFrom(stranger, admin, "guess"); r.status != 401 {
			t.Fatalf("guess %d: %d %s", i, r.status, r.body)
		}
	}
	if r := e.loginFrom(stranger, admin, testPassword); r.status != 429 || r.apiErr().Code != wire.CodeTooManyAttempts {
		t.Fatalf("stranger after %d guesses: %d %s", pairMax, r.status, r.body)
	}
	if r := e.loginFrom(owner, admin, testPassword); r.status != 200 {
		t.Fatalf("the admin at 127.0.0.1 is locked out by 127.0.0.2: %d %s", r.status, r.body)
	}
	// Spread over addresses, the guesses meet the per-email ceiling.
	for i := pairMax; i < emailMax; i++ {
		ip := "127.0.0." + string(rune('3'+i/pairMax))
		if r := e.loginFrom(clientFrom(ip), admin, "guess"); r.status != 401 {
			t.Fatalf("guess %d from %s: %d %s", i, ip, r.status, r.body)
		}
	}
	if r := e.loginFrom(owner, admin, testPassword); r.status != 429 {
		t.Fatalf("after %d guesses from many addresses: %d %s", emailMax, r.status, r.body)
	}
	e.clock.Advance(attemptWindow)
	if r := e.loginFrom(owner, admin, testPassword); r.status != 200 {
		t.Fatalf("after the window: %d %s", r.status, r.body)
	}
}

// A flood of made-up emails keeps the table bounded and lifts no lockout.
func TestAttemptFloodKeepsLockout(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	a := newAttemptLimiter(pairMax, attemptWindow, 100)
	for i := 0; i < pairMax; i++ {
		a.fail("login:admin|127.0.0.2", now)
	}
	a.fail("login:admin|127.0.0.1", now) // one slip of the real admin
	for i := 0; i < 10_000; i++ {
		a.fail("login:flood"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+"|10.0.0.1", now.Add(time.Duration(i)*time.Millisecond))
	}
	if a.blocked("login:admin|127.0.0.2", now.Add(11*time.Second)) == 0 {
		t.Fatal("the flood lifted the lockout")
	}
	if n := a.size(); n > 100 {
		t.Fatalf("table holds %d subjects, bound is 100", n)
	}
}

// Repeated identical security events within a minute are one event with a
// count, and one log line when they start plus one with the total.
func TestSecurityEventsAggregate(t *testing.T) {
	dir := t.TempDir()
	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	if r := e.req("DELETE", "/api/v1/platform/api-keys/"+k.Key.KeyID, nil, a.h()...); r.status != 200 {
		t.Fatalf("revoke: %d", r.status)
	}
	const n = 40
	for i := 0; i < n; i++ {
		if r := e.gw("GET", "/contacts", k.APIKey, nil); r.status != 401 {
			t.Fatalf("revoked key: %d", r.status)
		}
	}
	other := clientFrom("127.0.0.2")
	r, _ := http.NewRequest("GET", e.url+"/api/v1/contacts", nil)
	r.Header.Set("Authorization", "Bearer "+k.APIKey)
	if res, err := other.Do(r); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	events := func(e *env, tok string) map[string]wire.SecurityEvent {
		var l wire.SecurityEventList
		e.req("GET", "/api/v1/platform/security-events", nil, bearerH(tok)...).decode(t, &l)
		out := map[string]wire.SecurityEvent{}
		for _, ev := range l.Events {
			if ev.KeyID == k.Key.KeyID {
				if _, dup := out[ev.IP]; dup {
					t.Fatalf("two events for %s: %+v", ev.IP, l.Events)
				}
				out[ev.IP] = ev
			}
		}
		return out
	}
	got := events(e, a.tok)
	if len(got) != 2 || got["127.0.0.1"].Count != n || got["127.0.0.2"].Count != 1 || got["127.0.0.1"].Kind != wire.SecRevokedKeyUsed {
		t.Fatalf("events: %+v", got)
	}
	if c := strings.Count(e.logs.String(), "msg=\"security event\""); c != 2 {
		t.Fatalf("%d warn lines for %d events:\n%s", c, n+1, e.logs.String())
	}
	// A minute later the same use starts a new event, and the first one's
	// total is logged once.
	e.clock.Advance(secEventWindow)
	e.gw("GET", "/contacts", k.APIKey, nil)
	logs := e.logs.String()
	if !strings.Contains(logs, "security event repeated") || !strings.Contains(logs, "count=40") {
		t.Fatalf("no total logged:\n%s", logs)
	}
	var l wire.SecurityEventList
	e.req("GET", "/api/v1/platform/security-events", nil, bearerH(a.tok)...).decode(t, &l)
	if l.Events[0].KeyID != k.Key.KeyID || l.Events[0].Count != 1 || l.Events[0].IP != "127.0.0.1" {
		t.Fatalf("newest event: %+v", l.Events[0])
	}
	// The counts are stored, not only held in memory.
	e.srv.Close()
	e2 := newEnv(t, envOpts{dir: dir})
	var l2 wire.SecurityEventList
	e2.req("GET", "/api/v1/platform/security-events", nil, bearerH(e2.login("admin@demo.penguinmails.test"))...).decode(t, &l2)
	counts := []int{}
	for _, ev := range l2.Events {
		if ev.KeyID == k.Key.KeyID && ev.IP == "127.0.0.1" {
			counts = append(counts, ev.Count)
		}
	}
	if len(counts) != 2 || counts[0] != 1 || counts[1] != n {
		t.Fatalf("stored counts after restart: %v", counts)
	}
}

// Security events and the outbox are kept 90 days, then pruned.
func TestRetentionPrunesAfter90Days(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, wire.CreateKeyRequest{Name: "Office", Environment: "test", Permissions: []string{PermSendEmail}, AllowedIPs: []string{"203.0.113.7"}})
	use := func(tag string) {
		e.gw("POST", "/emails/send", k.APIKey, map[string]any{"to": "x@example.com", "subject": tag, "text_body": "b"})
	}
	notify := func(tok, subject string) {
		r := e.req("POST", "/api/v1/platform/notifications", wire.NotificationRequest{Kind: wire.NotifySecurity, Subject: subject, Body: "b"}, bearerH(tok)...)
		if r.status >= 300 {
			t.Fatalf("notify: %d %s", r.status, r.body)
		}
	}
	use("old")
	notify(a.tok, "old mail")
	e.clock.Advance(89 * 24 * time.Hour)
	tok := e.login("admin@demo.penguinmails.test")
	e.srv.sweepSecEvents(e.srv.now(), true)
	use("recent")
	notify(tok, "recent mail")
	e.clock.Advance(2 * 24 * time.Hour)
	n, err := e.srv.pruneRetention(e.srv.now())
	if err != nil || n < 2 {
		t.Fatalf("pruned %d: %v", n, err)
	}
	tok = e.login("admin@demo.penguinmails.test")
	var sec wire.SecurityEventList
	e.req("GET", "/api/v1/platform/security-events", nil, bearerH(tok)...).decode(t, &sec)
	cutoff := e.srv.now().Add(-retention)
	if len(sec.Events) == 0 {
		t.Fatal("recent security events were pruned")
	}
	for _, ev := range sec.Events {
		if ev.At.Before(cutoff) {
			t.Fatalf("kept an event of %v", ev.At)
		}
	}
	var box wire.Outbox
	e.req("GET", "/api/v1/platform/outbox", nil, bearerH(tok)...).decode(t, &box)
	var subjects []string
	for _, m := range box.Emails {
		if m.CreatedAt.Before(cutoff) {
			t.Fatalf("kept mail of %v: %s", m.CreatedAt, m.Subject)
		}
		subjects = append(subjects, m.Subject)
	}
	if !strings.Contains(strings.Join(subjects, "|"), "recent mail") {
		t.Fatalf("recent mail pruned: %v", subjects)
	}
}
