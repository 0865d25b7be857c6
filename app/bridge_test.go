package app

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/platform"
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
	return "", &platform.APIError{Status: 409, Code: code, Message: platform.MsgKeyRevoked}
}

func (Echo) Boom() error { return errors.New("disk on fire at /secret/path") }

func newTestBridge(t *testing.T) (*Bridge, *httptest.Server) {
	t.Helper()
	log := logrus.New()
	log.SetOutput(io.Discard)
	assets := fstest.MapFS{"index.html": {Data: []byte("<h1>console</h1>")}}
	b := NewBridge(log, assets, []any{Echo{}})
	srv := httptest.NewServer(b.Handler())
	t.Cleanup(func() { b.Close(); srv.Close() })
	return b, srv
}

func authedClient(t *testing.T, b *Bridge, srv *httptest.Server) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(srv.URL + "/?token=" + b.Token())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), "console") {
		t.Fatalf("token exchange: %d %s", res.StatusCode, body)
	}
	return c
}

func TestBridgeRefusesWithoutTokenCookie(t *testing.T) {
	_, srv := newTestBridge(t)
	for _, path := range []string{"/", "/index.html"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s without cookie: %d, want 403", path, res.StatusCode)
		}
	}
	res, err := http.Post(srv.URL+"/bridge/call/Echo/Hello", "application/json", strings.NewReader(`[{"name":"x","count":1}]`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("call without cookie: %d, want 403", res.StatusCode)
	}
}

func TestBridgeShowsAPageToBrowsersWithoutTheCookie(t *testing.T) {
	_, srv := newTestBridge(t)
	req, _ := http.NewRequest("GET", srv.URL+"/", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 403 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "one-time token") {
		t.Fatalf("%d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

func TestBridgeCookieIsPerPort(t *testing.T) {
	b1, srv1 := newTestBridge(t)
	_, srv2 := newTestBridge(t)
	c := authedClient(t, b1, srv1)
	// The same browser, now on the other console's port: its cookie for the
	// first port neither works there nor is overwritten.
	res, err := c.Get(srv2.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("cookie of one console opened another: %d", res.StatusCode)
	}
	names := []string{}
	for _, ck := range c.Jar.Cookies(mustURL(srv1.URL)) {
		names = append(names, ck.Name)
	}
	if len(names) != 1 || names[0] != "pm_console_"+mustURL(srv1.URL).Port() {
		t.Fatalf("cookies: %v", names)
	}
}

func TestBridgeTokenWorksOnce(t *testing.T) {
	b, srv := newTestBridge(t)
	tok := b.Token()
	authedClient(t, b, srv)
	res, err := http.Get(srv.URL + "/?token=" + tok)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("second use of the token: %d, want 403", res.StatusCode)
	}
}

func TestBridgeCallsServiceMethods(t *testing.T) {
	b, srv := newTestBridge(t)
	c := authedClient(t, b, srv)

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
	if res.StatusCode != 409 || fail.Error.Code != "already_revoked" || fail.Error.Message != platform.MsgKeyRevoked {
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
	c := authedClient(t, b, srv)
	wsURL := "ws" + strings.TrimPrefix(srv.URL, "http") + "/bridge/events"
	cookies := c.Jar.Cookies(mustURL(srv.URL))

	hdr := http.Header{"Origin": {"http://evil.example"}}
	for _, ck := range cookies {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	if _, res, err := websocket.DefaultDialer.Dial(wsURL, hdr); err == nil || res == nil || res.StatusCode != 403 {
		t.Fatalf("websocket from another origin must get 403, got %v", res)
	}

	hdr.Set("Origin", srv.URL)
	ws, _, err := websocket.DefaultDialer.Dial(wsURL, hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
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
