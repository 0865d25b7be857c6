package sandbox

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

var ridPattern = regexp.MustCompile(`^req_[0-9a-z]{26}$`)

// Every answer, gateway and platform, success and error, carries a unique
// X-Request-Id, and error bodies repeat it.
func TestRequestIDsAreUniqueAndInErrors(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	answers := []resp{
		e.req("GET", "/healthz", nil),
		e.req("GET", "/api/v1/openapi.json", nil),
		e.req("GET", "/api/v1/auth/me", nil, bearerH(a.tok)...),
		e.req("GET", "/api/v1/auth/me", nil),                                                          // 401
		e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: "nobody@x.test", Password: "x"}), // 401
		e.req("GET", "/api/v1/nowhere", nil),                                                          // 404
		e.req("PUT", "/api/v1/contacts", nil),                                                         // 405
		e.gw("GET", "/contacts", k.APIKey, nil),
		e.gw("GET", "/contacts", "pm_test_forged", nil),        // 401 invalid_token
		e.gw("GET", "/emails/em_missing", k.APIKey, nil),       // 404
		e.gw("POST", "/emails/send", k.APIKey, `{"to": "x",}`), // 400 invalid_json
	}
	seen := map[string]bool{}
	for i, r := range answers {
		id := r.header.Get("X-Request-Id")
		if !ridPattern.MatchString(id) {
			t.Errorf("answer %d (%d): X-Request-Id %q", i, r.status, id)
		}
		if seen[id] {
			t.Errorf("answer %d: request id %s given twice", i, id)
		}
		seen[id] = true
		if r.status >= 400 {
			if got := r.apiErr().RequestID; got != id {
				t.Errorf("answer %d (%d): body request_id %q, header %q (%s)", i, r.status, got, id, r.body)
			}
		}
	}
	// many at once from many goroutines: still all different
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				id := e.req("GET", "/healthz", nil).header.Get("X-Request-Id")
				mu.Lock()
				if seen[id] {
					t.Errorf("request id %s given twice", id)
				}
				seen[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// getOK answers GET path?q as T, failing the test on any other status.
func getOK[T any](e *env, tok, path string, q url.Values) T {
	e.t.Helper()
	r := e.req("GET", path+"?"+q.Encode(), nil, bearerH(tok)...)
	if r.status != 200 {
		e.t.Fatalf("%s?%s: %d %s", path, q.Encode(), r.status, r.body)
	}
	var v T
	r.decode(e.t, &v)
	return v
}

func (e *env) logPage(tok string, q url.Values) wire.LogPage {
	e.t.Helper()
	return getOK[wire.LogPage](e, tok, "/api/v1/tenant/logs", q)
}

func ids(p wire.LogPage) []string {
	out := []string{}
	for _, en := range p.Entries {
		out = append(out, en.RequestID)
	}
	sort.Strings(out)
	return out
}

func sorted(xs ...string) []string {
	out := append([]string{}, xs...)
	sort.Strings(out)
	return out
}

// Each filter of GET /tenant/logs selects exactly the requests it names.
func TestRequestLogFilters(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	full := e.createKey(a, wire.CreateKeyRequest{Name: "Full", Environment: "live", Permissions: []string{PermFullAccess}})
	reader := e.createKey(a, wire.CreateKeyRequest{Name: "Reader", Environment: "test", Permissions: []string{PermReadContacts}})
	gone := e.createKey(a, allPerms("test"))
	e.req("DELETE", "/api/v1/platform/api-keys/"+gone.Key.KeyID, nil, a.h()...)

	rid := func(r resp, status int) string {
		t.Helper()
		if r.status != status {
			t.Fatalf("want %d, got %d %s", status, r.status, r.body)
		}
		return r.header.Get("X-Request-Id")
	}
	sent := rid(e.gw("POST", "/emails/send", full.APIKey, map[string]any{"to": "ada@example.com", "subject": "s", "text_body": "b"}), 202)
	listed := rid(e.gw("GET", "/contacts?limit=5", full.APIKey, nil), 200)
	e.clock.Advance(time.Hour)
	denied := rid(e.gw("POST", "/emails/send", reader.APIKey, map[string]any{"to": "ada@example.com"}), 403)
	readerOK := rid(e.gw("GET", "/contacts", reader.APIKey, nil), 200)
	missing := rid(e.gw("GET", "/emails/em_missing", full.APIKey, nil), 404)
	revoked := rid(e.gw("GET", "/contacts", gone.APIKey, nil), 401)
	badJSON := rid(e.gw("POST", "/contacts", full.APIKey, `{"email": `), 400)
	e.gw("GET", "/contacts", "pm_live_unknown", nil) // no tenant: not in anyone's log

	all := sorted(sent, listed, denied, readerOK, missing, revoked, badJSON)
	cases := []struct {
		q    url.Values
		want []string
	}{
		{url.Values{}, all},
		{url.Values{"status": {"2xx"}}, sorted(sent, listed, readerOK)},
		{url.Values{"status": {"4xx"}}, sorted(denied, missing, revoked, badJSON)},
		{url.Values{"status": {"403"}}, sorted(denied)},
		{url.Values{"status": {"insufficient_permissions"}}, sorted(denied)},
		{url.Values{"status": {"key_revoked"}}, sorted(revoked)},
		{url.Values{"status": {"5xx"}}, sorted()},
		{url.Values{"key_id": {reader.Key.KeyID}}, sorted(denied, readerOK)},
		{url.Values{"key_id": {full.Key.KeyID}, "status": {"4xx"}}, sorted(missing, badJSON)},
		{url.Values{"method": {"post"}}, sorted(sent, denied, badJSON)},
		{url.Values{"path": {"/emails"}}, sorted(sent, denied, missing)},
		{url.Values{"path": {"/api/v1/emails/em_missing"}}, sorted(missing)},
		{url.Values{"path": {"/api/v1/cont"}}, sorted(listed, readerOK, revoked, badJSON)},
		{url.Values{"ip": {"127.0.0.1"}}, all},
		{url.Values{"ip": {"203.0.113.9"}}, sorted()},
		{url.Values{"request_id": {missing}}, sorted(missing)},
		{url.Values{"request_id": {missing}, "status": {"2xx"}}, sorted()},
		{url.Values{"request_id": {sent}, "key_id": {full.Key.KeyID}, "method": {"POST"}}, sorted(sent)},
		{url.Values{"request_id": {sent}, "from": {e.clock.Now().Add(-30 * time.Minute).Format(time.RFC3339)}}, sorted()},
		{url.Values{"to": {e.clock.Now().Add(-30 * time.Minute).Format(time.RFC3339)}}, sorted(sent, listed)},
		{url.Values{"from": {e.clock.Now().Add(-30 * time.Minute).Format(time.RFC3339)}, "method": {"GET"}}, sorted(readerOK, missing, revoked)},
	}
	for _, c := range cases {
		if got := ids(e.logPage(a.tok, c.q)); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.q.Encode(), got, c.want)
		}
	}
	// the list is newest first and carries what a row needs
	p := e.logPage(a.tok, url.Values{})
	for i := 1; i < len(p.Entries); i++ {
		if p.Entries[i].At.After(p.Entries[i-1].At) {
			t.Errorf("not newest first at %d", i)
		}
	}
	d := p.Entries[len(p.Entries)-1]
	if d.RequestID != sent || d.KeyName != "Full" || d.Environment != "live" || d.MaskedKey != full.Key.MaskedKey ||
		d.Route != "/api/v1/emails/send" || d.Status != 202 || d.IP != "127.0.0.1" || d.ResponseSize == 0 || d.RequestBody != nil {
		t.Errorf("oldest entry %+v", d)
	}
	// bad filters are named
	r := e.req("GET", "/api/v1/tenant/logs?status=teapot!&method=BREW&ip=1.2.3&limit=500&cursor=zz&from=yesterday", nil, bearerH(a.tok)...)
	fields := r.apiErr().Fields
	for _, f := range []string{"status", "method", "ip", "limit", "cursor", "from"} {
		if fields[f] == "" {
			t.Errorf("bad %s not named: %s", f, r.body)
		}
	}
	// one entry, with its detail; another tenant's id is not found
	r = e.req("GET", "/api/v1/tenant/logs/"+denied, nil, bearerH(a.tok)...)
	var one wire.LogEntry
	r.decode(t, &one)
	if r.status != 200 || one.Error != wire.CodeInsufficientPermissions || one.ResponseHeaders["X-Ratelimit-Limit"] == "" ||
		!strings.Contains(string(one.ResponseBody), denied) || !strings.Contains(string(one.RequestBody), "ada@example.com") {
		t.Errorf("entry %d %s", r.status, r.body)
	}
	if r := e.req("GET", "/api/v1/tenant/logs/req_00000000000000000000000000", nil, bearerH(a.tok)...); r.status != 404 {
		t.Errorf("unknown id: %d", r.status)
	}
	// support may read the log, its entries and its export
	sup := e.login("support@demo.penguinmails.test")
	if got := ids(e.logPage(sup, url.Values{})); !slices.Equal(got, all) {
		t.Errorf("support sees %v", got)
	}
	for _, path := range []string{"/api/v1/tenant/logs/" + sent, "/api/v1/tenant/logs.csv", "/api/v1/tenant/audit", "/api/v1/tenant/audit.csv"} {
		if r := e.req("GET", path, nil, bearerH(sup)...); r.status != 200 {
			t.Errorf("support %s: %d", path, r.status)
		}
	}
	if r := e.req("GET", "/api/v1/tenant/logs", nil); r.status != 401 {
		t.Errorf("signed out: %d", r.status)
	}
}

// Paging with the cursor while new requests keep arriving gives every
// earlier request exactly once.
func TestRequestLogPagingWhileTrafficArrives(t *testing.T) {
	e := newEnv(t, envOpts{plan: "business"})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	want := map[string]bool{}
	for i := 0; i < 90; i++ {
		want[e.gw("GET", "/contacts", k.APIKey, nil).header.Get("X-Request-Id")] = true
	}
	first := e.logPage(a.tok, url.Values{"limit": {"7"}})
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { // new traffic while paging
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
				e.gw("GET", "/contacts", k.APIKey, nil)
			}
		}
	}()
	got := map[string]int{}
	for _, en := range first.Entries {
		got[en.RequestID]++
	}
	cursor := first.NextCursor
	for pages := 0; cursor != ""; pages++ {
		if pages > 50 {
			t.Fatal("paging does not end")
		}
		p := e.logPage(a.tok, url.Values{"limit": {"7"}, "cursor": {cursor}})
		for _, en := range p.Entries {
			got[en.RequestID]++
		}
		cursor = p.NextCursor
	}
	close(stop)
	<-done
	for id, n := range got {
		if n != 1 {
			t.Errorf("%s listed %d times", id, n)
		}
		if !want[id] {
			t.Errorf("%s was not sent before paging", id)
		}
	}
	for id := range want {
		if got[id] == 0 {
			t.Errorf("%s missing (a gap)", id)
		}
	}
}

// A page's cursor belongs to its own log: the audit log refuses a request
// log's cursor by name, and a request log cursor made up by a caller pages
// on from wherever it points, without a fault.
func TestLogCursorsStayInTheirLog(t *testing.T) {
	e := newEnv(t, envOpts{plan: "business"})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	for i := 0; i < 5; i++ {
		e.gw("GET", "/contacts", k.APIKey, nil)
	}
	p := e.logPage(a.tok, url.Values{"limit": {"2"}})
	if p.NextCursor == "" {
		t.Fatal("no next page")
	}
	r := e.req("GET", "/api/v1/tenant/audit?cursor="+p.NextCursor, nil, bearerH(a.tok)...)
	if r.status != 400 || r.apiErr().Fields["cursor"] == "" {
		t.Errorf("a request log cursor in the audit log: %d %s", r.status, r.body)
	}
	for _, forged := range []string{strings.Repeat("A", 48), strings.Repeat("_", 48), strings.Repeat("A", 16)} {
		if r := e.req("GET", "/api/v1/tenant/logs?cursor="+forged, nil, bearerH(a.tok)...); r.status != 200 {
			t.Errorf("cursor %s: %d %s", forged, r.status, r.body)
		}
	}
	// the pages after the first hold the rest, once each
	rest := e.logPage(a.tok, url.Values{"cursor": {p.NextCursor}})
	if len(rest.Entries) != 3 || rest.NextCursor != "" {
		t.Errorf("after the first page: %d entries, next %q", len(rest.Entries), rest.NextCursor)
	}
}

// Secrets never reach the log: secret-like fields are redacted, the key is
// masked in headers and wherever it was pasted; a tenant setting turns
// bodies off.
func TestRequestLogRedactionAndBodySetting(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("live"))
	other := e.createKey(a, allPerms("test"))
	r := e.req("POST", "/api/v1/contacts", map[string]any{"email": "ada@example.com", "first_name": "Ada " + other.APIKey,
		"attributes": map[string]string{"password": "hunter2", "api_key": "sk_abcdef", "plan": "pro"}},
		"Authorization", "Bearer "+k.APIKey, "X-Api-Key", "also-secret", "Content-Type", "application/json")
	if r.status != 201 {
		t.Fatalf("create contact: %d %s", r.status, r.body)
	}
	id := r.header.Get("X-Request-Id")
	r = e.req("GET", "/api/v1/tenant/logs/"+id, nil, bearerH(a.tok)...)
	raw := string(r.body)
	for _, secret := range []string{"hunter2", "sk_abcdef", "also-secret", k.APIKey, other.APIKey} {
		if strings.Contains(raw, secret) {
			t.Errorf("log entry holds %q: %s", secret, raw)
		}
	}
	var en wire.LogEntry
	r.decode(t, &en)
	if en.RequestHeaders["Authorization"] != "Bearer "+k.Key.MaskedKey {
		t.Errorf("authorization logged as %q, want the masked key %s", en.RequestHeaders["Authorization"], k.Key.MaskedKey)
	}
	var body struct {
		FirstName  string            `json:"first_name"`
		Attributes map[string]string `json:"attributes"`
	}
	json.Unmarshal(en.RequestBody, &body)
	if body.Attributes["password"] != "[REDACTED]" || body.Attributes["api_key"] != "[REDACTED]" || body.Attributes["plan"] != "pro" ||
		body.FirstName != "Ada "+other.Key.MaskedKey || !en.BodiesLogged {
		t.Errorf("request body logged as %s", en.RequestBody)
	}

	// support may not change the setting; an admin may
	sup := e.login("support@demo.penguinmails.test")
	if r := e.req("PATCH", "/api/v1/tenant/settings", map[string]any{"log_bodies": false}, bearerH(sup)...); r.status != 403 {
		t.Errorf("support changed settings: %d", r.status)
	}
	if r := e.req("PATCH", "/api/v1/tenant/settings", map[string]any{"log_bodies": false}, bearerH(a.tok)...); r.status != 200 || !strings.Contains(string(r.body), `"log_bodies":false`) {
		t.Fatalf("turn bodies off: %d %s", r.status, r.body)
	}
	id = e.gw("POST", "/emails/send", k.APIKey, map[string]any{"to": "ada@example.com", "subject": "s", "text_body": "private words"}).header.Get("X-Request-Id")
	r = e.req("GET", "/api/v1/tenant/logs/"+id, nil, bearerH(a.tok)...)
	en = wire.LogEntry{}
	r.decode(t, &en)
	if en.BodiesLogged || en.RequestBody != nil || en.ResponseBody != nil || strings.Contains(string(r.body), "private words") {
		t.Errorf("bodies kept with logging off: %s", r.body)
	}
	if en.Status != 202 || en.RequestHeaders["Authorization"] == "" {
		t.Errorf("entry without bodies lost its summary: %s", r.body)
	}
}

// A credential that acts as a key's secret without being it (the demo
// driver's) is logged with the key's own mask: the Authorization header and
// the entry's key agree, as they do for the real secret, instead of
// reading as some other key.
func TestRequestLogShowsTheMatchedSecretsMask(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("live"))
	entry, _, ok := e.srv.keys.verify(k.APIKey)
	if !ok {
		t.Fatal("the new key does not verify")
	}
	driver, err := e.srv.keys.driverSecret(entry.entry, "live")
	if err != nil {
		t.Fatal(err)
	}
	if apikey.Mask(driver) == k.Key.MaskedKey {
		t.Fatal("the test needs a credential whose own mask differs from the key's")
	}
	for _, secret := range []string{k.APIKey, driver} {
		r := e.gw("GET", "/contacts", secret, nil)
		if r.status != 200 {
			t.Fatalf("gateway: %d %s", r.status, r.body)
		}
		var en wire.LogEntry
		e.req("GET", "/api/v1/tenant/logs/"+r.header.Get("X-Request-Id"), nil, bearerH(a.tok)...).decode(t, &en)
		if en.MaskedKey != k.Key.MaskedKey || en.RequestHeaders["Authorization"] != "Bearer "+k.Key.MaskedKey {
			t.Errorf("logged key %q, Authorization %q; want both %s", en.MaskedKey, en.RequestHeaders["Authorization"], k.Key.MaskedKey)
		}
		if strings.Contains(en.RequestHeaders["Authorization"], apikey.Mask(driver)) {
			t.Errorf("the driver credential's own mask reached the log")
		}
	}
}

// Entries older than 30 days are pruned, by the sandbox's clock.
func TestRequestLogRetention(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	old := e.gw("GET", "/contacts", k.APIKey, nil).header.Get("X-Request-Id")
	e.clock.Advance(29 * 24 * time.Hour)
	recent := e.gw("GET", "/contacts", k.APIKey, nil).header.Get("X-Request-Id")
	e.srv.pruneLogs()
	a = e.admin()
	if got := ids(e.logPage(a.tok, url.Values{})); !slices.Equal(got, sorted(old, recent)) {
		t.Fatalf("after 29 days: %v", got)
	}
	e.clock.Advance(2 * 24 * time.Hour)
	a = e.admin() // the session expired meanwhile
	// the sandbox's own hygiene loop prunes (it runs every few seconds and
	// prunes once per hour of sandbox time; two days have passed)
	deadline := time.Now().Add(15 * time.Second)
	for got := ids(e.logPage(a.tok, url.Values{})); !slices.Equal(got, sorted(recent)); got = ids(e.logPage(a.tok, url.Values{})) {
		if time.Now().After(deadline) {
			t.Fatalf("after 31 days: %v, want only %s", got, recent)
		}
		time.Sleep(100 * time.Millisecond) // polling the background loop's effect, not waiting on logic
	}
	if r := e.req("GET", "/api/v1/tenant/logs/"+old, nil, bearerH(a.tok)...); r.status != 404 {
		t.Errorf("pruned entry still found: %d", r.status)
	}
	// nothing of it is left behind in the indexes either
	if got := ids(e.logPage(a.tok, url.Values{"key_id": {k.Key.KeyID}, "status": {"2xx"}})); !slices.Equal(got, sorted(recent)) {
		t.Errorf("index after prune: %v", got)
	}
}

// The CSV export holds every matching entry, here 100,000 of them.
func TestRequestLogCSVIsComplete(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	var me wire.MeResponse
	e.req("GET", "/api/v1/auth/me", nil, bearerH(a.tok)...).decode(t, &me)
	const n = 100_000
	t0 := e.clock.Now().Add(-time.Hour)
	batch := make([]wire.LogEntry, 0, 10_000)
	for i := 0; i < n; i++ {
		st := 200
		if i%10 == 0 {
			st = 429
		}
		batch = append(batch, wire.LogEntry{RequestID: fmt.Sprintf("req_csv%07d", i), At: t0.Add(time.Duration(i) * time.Millisecond),
			KeyID: "key_bulk", KeyName: "Bulk, \"quoted\"", Method: "GET", Route: "/api/v1/contacts", Path: "/api/v1/contacts",
			Status: st, IP: "10.0.0.1", UserAgent: "=HYPERLINK()"})
		if len(batch) == cap(batch) {
			if err := e.srv.reqlog.AppendBatch(me.Tenant.ID, batch); err != nil {
				t.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	start := time.Now()
	e.hc.Timeout = 2 * time.Minute // a long export under -race on a busy machine
	r := e.req("GET", "/api/v1/tenant/logs.csv", nil, bearerH(a.tok)...)
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", r.status, r.header)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows in %v", len(rows)-1, time.Since(start))
	if len(rows) != n+1 || rows[0][1] != "request_id" {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	seen := make(map[string]bool, n)
	for _, row := range rows[1:] {
		seen[row[1]] = true
	}
	if len(seen) != n || rows[1][1] != fmt.Sprintf("req_csv%07d", n-1) || rows[1][3] != `Bulk, "quoted"` || rows[1][16] != "'=HYPERLINK()" {
		t.Errorf("%d distinct ids; first row %v", len(seen), rows[1])
	}
	// filtered exports are complete too
	r = e.req("GET", "/api/v1/tenant/logs.csv?status=429", nil, bearerH(a.tok)...)
	if got := strings.Count(string(r.body), "\n") - 1; got != n/10 {
		t.Errorf("429 export: %d rows, want %d", got, n/10)
	}
}

// With ?logs=1 the live stream carries each request's entry within 2 s;
// without it, none.
func TestLiveTailOnlyForSubscribersWhoAsk(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	wsURL := "ws" + strings.TrimPrefix(e.url, "http") + "/api/v1/tenant/analytics/api-usage/live?token=" + a.tok
	tail, up, err := websocket.DefaultDialer.Dial(wsURL+"&logs=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !ridPattern.MatchString(up.Header.Get("X-Request-Id")) {
		t.Errorf("the websocket's 101 has X-Request-Id %q", up.Header.Get("X-Request-Id"))
	}
	defer tail.Close()
	plain, _, err := websocket.DefaultDialer.Dial(wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, c := range []*websocket.Conn{tail, plain} { // a first tick: both have joined
		var m wire.LiveMessage
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if err := c.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	id := e.gw("GET", "/contacts", k.APIKey, nil).header.Get("X-Request-Id")
	tail.SetReadDeadline(time.Now().Add(2 * time.Second))
	for {
		var m wire.LiveMessage
		if err := tail.ReadJSON(&m); err != nil {
			t.Fatalf("no log entry within 2 s: %v", err)
		}
		if m.Type == "log" {
			if m.Log == nil || m.Log.RequestID != id || m.Log.Status != 200 || m.Log.RequestHeaders != nil {
				t.Errorf("log message %+v", m.Log)
			}
			t.Logf("entry after %v", time.Since(start))
			break
		}
	}
	plain.SetReadDeadline(time.Now().Add(1500 * time.Millisecond))
	for {
		var m wire.LiveMessage
		if err := plain.ReadJSON(&m); err != nil {
			break // the deadline: only ticks came
		}
		if m.Type == "log" {
			t.Fatal("a subscriber who did not ask got a log entry")
		}
	}
}
