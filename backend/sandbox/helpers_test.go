package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"
)

// fakeClock is the injected clock of the tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}
func (c *fakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

const testPassword = "correct horse battery"

// env is one sandbox on a real loopback listener.
type env struct {
	t     testing.TB
	srv   *Server
	url   string
	clock *fakeClock
	dir   string
	logs  *bytes.Buffer
	hc    *http.Client
}

type envOpts struct {
	plan         string
	testControls bool
	dir          string
	timeouts     Timeouts
}

// testClientTimeout bounds each request of the tests' client. It only stops
// a hung test: none of them asserts a duration with it, and under the race
// detector on a loaded 2-core CI machine an answer can take many seconds.
const testClientTimeout = 2 * time.Minute

func newEnv(t testing.TB, o envOpts) *env {
	t.Helper()
	if o.dir == "" {
		o.dir = t.TempDir()
	}
	logs := &bytes.Buffer{}
	log := logrus.New()
	log.SetOutput(&lockedWriter{w: logs})
	log.SetLevel(logrus.DebugLevel)
	clock := newFakeClock()
	srv, err := New(Config{DataDir: o.dir, Plan: o.plan, DemoPassword: testPassword, Clock: clock, TestControls: o.testControls, Logger: log, Timeouts: o.timeouts,
		PasswordCost: bcrypt.MinCost}) // tests only: see Config.PasswordCost
	if err != nil {
		t.Fatal(err)
	}
	url, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		srv.Close()
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, url: url, clock: clock, dir: o.dir, logs: logs,
		hc: &http.Client{Timeout: testClientTimeout, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	t.Cleanup(func() { srv.Close() })
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// resp is a decoded answer.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) apiErr() wire.APIError {
	var e wire.APIError
	json.Unmarshal(r.body, &e)
	return e
}

func (r resp) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// req sends a request; hdr holds alternating header names and values.
func (e *env) req(method, path string, body any, hdr ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	r, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	// A body is JSON unless the caller names another Content-Type ("" for none).
	if rd != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
		if hdr[i+1] == "" {
			r.Header.Del(hdr[i])
		}
	}
	res, err := e.hc.Do(r)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func bearerH(tok string) []string { return []string{"Authorization", "Bearer " + tok} }

func (e *env) login(email string) string {
	e.t.Helper()
	r := e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: email, Password: testPassword})
	if r.status != 200 {
		e.t.Fatalf("login %s: %d %s", email, r.status, r.body)
	}
	var lr wire.LoginResponse
	r.decode(e.t, &lr)
	return lr.Token
}

func (e *env) sudo(tok string) string {
	e.t.Helper()
	r := e.req("POST", "/api/v1/auth/sudo", wire.SudoRequest{Password: testPassword}, bearerH(tok)...)
	if r.status != 200 {
		e.t.Fatalf("sudo: %d %s", r.status, r.body)
	}
	var sr wire.SudoResponse
	r.decode(e.t, &sr)
	return sr.SudoToken
}

// session is a signed-in user with sudo.
type sess struct{ tok, sudo string }

func (e *env) admin() sess {
	tok := e.login("admin@demo.penguinmails.test")
	return sess{tok, e.sudo(tok)}
}

func (s sess) h() []string { return append(bearerH(s.tok), "X-Sudo-Token", s.sudo) }

func (e *env) createKey(s sess, body wire.CreateKeyRequest) wire.CreateKeyResponse {
	e.t.Helper()
	r := e.req("POST", "/api/v1/platform/api-keys", body, s.h()...)
	if r.status != 201 {
		e.t.Fatalf("create key: %d %s", r.status, r.body)
	}
	var out wire.CreateKeyResponse
	r.decode(e.t, &out)
	return out
}

func allPerms(env string) wire.CreateKeyRequest {
	return wire.CreateKeyRequest{Name: "All", Environment: env, Permissions: []string{PermFullAccess}}
}

func (e *env) gw(method, path, key string, body any) resp {
	e.t.Helper()
	return e.req(method, "/api/v1"+path, body, bearerH(key)...)
}

func (e *env) getKey(s sess, id string) wire.KeyDetails {
	e.t.Helper()
	r := e.req("GET", "/api/v1/platform/api-keys/"+id, nil, bearerH(s.tok)...)
	if r.status != 200 {
		e.t.Fatalf("get key: %d %s", r.status, r.body)
	}
	var d wire.KeyDetails
	r.decode(e.t, &d)
	return d
}
