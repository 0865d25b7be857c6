package app

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/wire"
)

// echoService stands in for a bound service: the bridge under test is real,
// only what it calls is small.
type Echo struct{}

type echoIn struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func (Echo) Hello(in echoIn) (string, error) {
	return strings.Repeat("hi "+in.Name+" ", in.Count), nil
}

func (Echo) Fail(code string) (string, error) {
	return "", &wire.APIError{Status: 409, Code: code, Message: wire.MsgKeyRevoked}
}

func (Echo) Boom() error { return errors.New("disk on fire at /secret/path") }

func newTestBridge(t *testing.T) (*Bridge, *httptest.Server) {
	t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	assets := fstest.MapFS{"index.html": {Data: []byte("<h1>console</h1>")}, "assets/app.js": {Data: []byte("console.log(1)")}}
	b := NewBridge(log, assets, []any{Echo{}})
	srv := httptest.NewServer(b.Handler())
	b.AllowHosts(BridgeHosts(mustURL(srv.URL).Port(), nil, false)...)
	t.Cleanup(func() { b.Close(); srv.Close() })
	return b, srv
}

// exchange trades the one-time token for the credential, as the page does.
func exchange(t *testing.T, srv *httptest.Server, token, origin string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/bridge/session", strings.NewReader(`{"token":"`+token+`"}`))
	req.Header.Set("Content-Type", "application/json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Credential string
		Error      UIError
	}
	json.NewDecoder(res.Body).Decode(&out)
	if res.StatusCode != 200 {
		return res.StatusCode, out.Error.Message
	}
	return res.StatusCode, out.Credential
}

func credentialFor(t *testing.T, b *Bridge, srv *httptest.Server) string {
	t.Helper()
	status, cred := exchange(t, srv, b.Token(), srv.URL)
	if status != 200 || cred == "" {
		t.Fatalf("token exchange: %d %q", status, cred)
	}
	return cred
}

// bridgeCall posts to a bridge endpoint with the given headers.
func bridgeCall(t *testing.T, srv *httptest.Server, path, body string, hdr map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// A cookie authorizes nothing: only the credential, sent in its header.
func TestBridgeNeedsTheCredential(t *testing.T) {
	b, srv := newTestBridge(t)
	cred := credentialFor(t, b, srv)
	const path, body = "/bridge/call/Echo/Hello", `[{"name":"x","count":1}]`
	for name, hdr := range map[string]map[string]string{
		"nothing":           {},
		"a cookie":          {"Cookie": "pm_console_" + mustURL(srv.URL).Port() + "=" + cred},
		"a wrong one":       {credentialHeader: cred + "x"},
		"the token instead": {credentialHeader: b.Token()},
	} {
		if res, text := bridgeCall(t, srv, path, body, hdr); res.StatusCode != 403 || !strings.Contains(text, "one-time token") {
			t.Errorf("%s: %d %s, want 403", name, res.StatusCode, text)
		}
	}
	res, text := bridgeCall(t, srv, path, body, map[string]string{credentialHeader: cred})
	if res.StatusCode != 200 || !strings.Contains(text, "hi x") {
		t.Fatalf("with the credential: %d %s", res.StatusCode, text)
	}
	if len(res.Cookies()) != 0 {
		t.Fatalf("the bridge set a cookie: %v", res.Cookies())
	}
}

func TestBridgeTokenWorksOnceAndOnlyFromItsOwnPage(t *testing.T) {
	b, srv := newTestBridge(t)
	tok := b.Token()
	other := "http://127.0.0.1:1"
	for _, origin := range []string{"", other, "null"} {
		if status, _ := exchange(t, srv, tok, origin); status != 403 {
			t.Fatalf("exchange with Origin %q: %d, want 403", origin, status)
		}
	}
	credentialFor(t, b, srv)
	if status, msg := exchange(t, srv, tok, srv.URL); status != 403 || msg != msgTokenSpent {
		t.Fatalf("second use of the token: %d %q", status, msg)
	}
}

// DNS rebinding: a page whose own name now points at 127.0.0.1 still sends
// its own name as Host. Every path refuses it, credential or not.
func TestBridgeRefusesOtherHostNames(t *testing.T) {
	b, srv := newTestBridge(t)
	cred := credentialFor(t, b, srv)
	port := mustURL(srv.URL).Port()
	for _, host := range []string{"evil.example:" + port, "127.0.0.1.nip.io:" + port, "127.0.0.1:1"} {
		res, _ := bridgeCall(t, srv, "/bridge/call/Echo/Hello", `[{"name":"x","count":1}]`, map[string]string{credentialHeader: cred, "Host": host})
		if res.StatusCode != 403 {
			t.Errorf("call with Host %s: %d", host, res.StatusCode)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/", nil)
		req.Host = host
		page, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page.Body.Close()
		if page.StatusCode != 403 {
			t.Errorf("page with Host %s: %d", host, page.StatusCode)
		}
	}
	for _, host := range []string{"localhost:" + port, "127.0.0.1:" + port} {
		if res, _ := bridgeCall(t, srv, "/bridge/call/Echo/Hello", `[{"name":"x","count":1}]`, map[string]string{credentialHeader: cred, "Host": host}); res.StatusCode != 200 {
			t.Errorf("call with Host %s: %d", host, res.StatusCode)
		}
	}
}

// Fetch Metadata: other pages of the same host (another port is the same
// site) can neither call the bridge nor load the console's files; they may
// only open it as a page.
func TestBridgeRefusesOtherSitesByFetchMetadata(t *testing.T) {
	b, srv := newTestBridge(t)
	cred := credentialFor(t, b, srv)
	call := func(site string) int {
		res, _ := bridgeCall(t, srv, "/bridge/call/Echo/Hello", `[{"name":"x","count":1}]`, map[string]string{credentialHeader: cred, "Sec-Fetch-Site": site})
		return res.StatusCode
	}
	for _, site := range []string{"same-site", "cross-site", "none"} {
		if got := call(site); got != 403 {
			t.Errorf("call with Sec-Fetch-Site %s: %d", site, got)
		}
	}
	if got := call("same-origin"); got != 200 {
		t.Errorf("same-origin call: %d", got)
	}
	get := func(path string, hdr map[string]string) int {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for name, c := range map[string]struct {
		path   string
		hdr    map[string]string
		status int
	}{
		"a script tag on another port": {"/assets/app.js", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "script"}, 403},
		"an iframe on another port":    {"/", map[string]string{"Sec-Fetch-Site": "same-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"}, 403},
		"a link followed from a page":  {"/", map[string]string{"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 200},
		"the console's own script":     {"/assets/app.js", map[string]string{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "script"}, 200},
		"typed in the address bar":     {"/", map[string]string{"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}, 200},
	} {
		if got := get(c.path, c.hdr); got != c.status {
			t.Errorf("%s: %d, want %d", name, got, c.status)
		}
	}
}

// Every answer — the page, an asset, a bridge call, a refusal — carries
// the security headers.
func TestBridgeSecurityHeadersOnEveryAnswer(t *testing.T) {
	b, srv := newTestBridge(t)
	cred := credentialFor(t, b, srv)
	var answers []*http.Response
	for _, p := range []string{"/", "/assets/app.js", "/nope"} {
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		answers = append(answers, res)
	}
	ok, _ := bridgeCall(t, srv, "/bridge/call/Echo/Hello", `[{"name":"x","count":1}]`, map[string]string{credentialHeader: cred})
	refused, _ := bridgeCall(t, srv, "/bridge/call/Echo/Hello", `[]`, nil)
	answers = append(answers, ok, refused)
	for i, res := range answers {
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		for _, part := range []string{"default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, part) {
				t.Errorf("answer %d (%s): CSP %q lacks %q", i, res.Request.URL.Path, csp, part)
			}
		}
		for k, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
			"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"} {
			if got := h.Get(k); got != want {
				t.Errorf("answer %d (%s): %s = %q, want %q", i, res.Request.URL.Path, k, got, want)
			}
		}
	}
}

func TestBridgeCallsServiceMethods(t *testing.T) {
	b, srv := newTestBridge(t)
	c := &http.Client{Transport: credTransport(credentialFor(t, b, srv))}

	res, err := c.Post(srv.URL+"/bridge/call/Echo/Hello", "application/json", strings.NewReader(`[{"name":"ann","count":2}]`))
	if err != nil {
		t.Fatal(err)
	}
	var ok struct{ Result string }
	json.NewDecoder(res.Body).Decode(&ok)
	res.Body.Close()
	if res.StatusCode != 200 || ok.Result != "hi ann hi ann " {
		t.Fatalf("Hello: %d %q", res.StatusCode, ok.Result)
	}

	res, _ = c.Post(srv.URL+"/bridge/call/Echo/Fail", "application/json", strings.NewReader(`["already_revoked"]`))
	var fail struct{ Error UIError }
	json.NewDecoder(res.Body).Decode(&fail)
	res.Body.Close()
	if res.StatusCode != 409 || fail.Error.Code != "already_revoked" || fail.Error.Message != wire.MsgKeyRevoked {
		t.Fatalf("Fail: %d %+v", res.StatusCode, fail.Error)
	}

	res, _ = c.Post(srv.URL+"/bridge/call/Echo/Boom", "application/json", strings.NewReader(`[]`))
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 500 || strings.Contains(string(body), "/secret/path") {
		t.Fatalf("Boom must be a 500 that leaks nothing: %d %s", res.StatusCode, body)
	}

	for _, tc := range []struct {
		path, body string
		status     int
	}{
		{"/bridge/call/Echo/Nope", `[]`, 404},
		{"/bridge/call/Nope/Hello", `[]`, 404},
		{"/bridge/call/Echo/Hello", `{"not":"an array"}`, 400},
		{"/bridge/call/Echo/Hello", `[{"count":"two"}]`, 400},
		{"/bridge/call/Echo/Hello", `[]`, 400},
	} {
		res, _ := c.Post(srv.URL+tc.path, "application/json", strings.NewReader(tc.body))
		var e struct{ Error UIError }
		json.NewDecoder(res.Body).Decode(&e)
		res.Body.Close()
		if res.StatusCode != tc.status || e.Error.Message == "" {
			t.Errorf("%s %s: %d %+v, want %d with a message", tc.path, tc.body, res.StatusCode, e.Error, tc.status)
		}
	}
}

func TestBridgeEventsOverWebsocket(t *testing.T) {
	b, srv := newTestBridge(t)
	cred := credentialFor(t, b, srv)
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/bridge/events"
	dial := func(origin string, protocols ...string) (*websocket.Conn, *http.Response, error) {
		d := websocket.Dialer{Subprotocols: protocols}
		return d.Dial(wsURL, http.Header{"Origin": {origin}})
	}
	withCred := []string{wsProtocol, wsCredentialPrefix + cred}
	if _, res, err := dial("http://evil.example", withCred...); err == nil || res == nil || res.StatusCode != 403 {
		t.Fatalf("websocket from another origin must get 403, got %v", res)
	}
	if _, res, err := dial(srv.URL, wsProtocol); err == nil || res == nil || res.StatusCode != 403 {
		t.Fatalf("websocket without the credential must get 403, got %v", res)
	}
	ws, res, err := dial(srv.URL, withCred...)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if p := res.Header.Get("Sec-WebSocket-Protocol"); p != wsProtocol {
		t.Fatalf("the server chose protocol %q; it must echo %q and never the credential", p, wsProtocol)
	}
	// The hub learns of the connection asynchronously; emit until it arrives.
	deadline := time.Now().Add(5 * time.Second)
	ws.SetReadDeadline(deadline)
	got := make(chan map[string]any, 1)
	go func() {
		var m map[string]any
		if ws.ReadJSON(&m) == nil {
			got <- m
		}
	}()
	for {
		b.Emitter().Emit("live:tick", map[string]int{"rpm": 42})
		select {
		case m := <-got:
			if m["name"] != "live:tick" || m["data"].(map[string]any)["rpm"].(float64) != 42 {
				t.Fatalf("event: %v", m)
			}
			return
		case <-time.After(20 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("no event over the websocket")
			}
		}
	}
}

// credTransport adds the bridge credential to every request, as the page does.
type credTransport string

func (c credTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(credentialHeader, string(c))
	return http.DefaultTransport.RoundTrip(r)
}

// Served over HTTPS, the page's origin is https://…: the same host over
// plain http:// is another origin.
func TestBridgeOverTLSWantsTheHTTPSOrigin(t *testing.T) {
	log := logrus.New()
	log.SetOutput(io.Discard)
	b := NewBridge(log, fstest.MapFS{"index.html": {Data: []byte("x")}}, []any{Echo{}})
	srv := httptest.NewTLSServer(b.Handler())
	t.Cleanup(func() { b.Close(); srv.Close() })
	b.ServeTLS(true)
	b.AllowHosts(BridgeHosts(mustURL(srv.URL).Port(), []string{"console.test.example"}, true)...)
	post := func(origin string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/bridge/session", strings.NewReader(`{"token":"`+b.Token()+`"}`))
		req.Header.Set("Origin", origin)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if !strings.Contains(res.Header.Get("Content-Security-Policy"), "wss://") {
			t.Errorf("CSP over TLS allows no wss: %q", res.Header.Get("Content-Security-Policy"))
		}
		return res.StatusCode
	}
	if got := post("http://" + mustURL(srv.URL).Host); got != 403 {
		t.Fatalf("http:// origin: %d", got)
	}
	if got := post(srv.URL); got != 200 {
		t.Fatalf("https:// origin: %d", got)
	}
}
