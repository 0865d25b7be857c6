package sandbox

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// errors.csv holds every error answer of the range, the same number the
// usage screen counts (not the few hundred kept for its table), each with
// its request id, and no successful request.
func TestErrorsCSVHoldsEveryErrorOfTheRange(t *testing.T) {
	e := newEnv(t, envOpts{plan: "business"})
	a := e.admin()
	narrow := e.createKey(a, wire.CreateKeyRequest{Name: "narrow", Environment: "test", Permissions: []string{PermReadContacts}})
	// two days ago: outside 24h, inside 7d
	for i := 0; i < 5; i++ {
		e.gw("GET", "/campaigns", narrow.APIKey, nil)
	}
	e.clock.Advance(48 * time.Hour)
	const denied = 620 // more than the 500 the rollups keep for the screen
	for i := 0; i < denied; i++ {
		e.gw("GET", "/campaigns", narrow.APIKey, nil)
		if i%100 == 0 {
			e.gw("GET", "/contacts", narrow.APIKey, nil) // a success: not an error
		}
	}
	tok := e.login("admin@demo.penguinmails.test") // the first session ended with the two days
	rows := func(q url.Values) [][]string {
		t.Helper()
		r := e.req("GET", "/api/v1/tenant/analytics/api-usage/errors.csv?"+q.Encode(), nil, bearerH(tok)...)
		if r.status != 200 {
			t.Fatalf("errors.csv %s: %d %s", q.Encode(), r.status, r.body)
		}
		recs, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	day := rows(url.Values{"range": {"24h"}})
	if len(day)-1 != denied {
		t.Fatalf("24h: %d error rows, want %d", len(day)-1, denied)
	}
	var u wire.APIUsage
	e.req("GET", "/api/v1/tenant/analytics/api-usage?range=24h", nil, bearerH(tok)...).decode(t, &u)
	var counted int64
	for _, s := range u.ErrorsByStatus {
		counted += s.Count
	}
	if got := counted; got != int64(denied) {
		t.Errorf("the screen counts %d errors, the export holds %d", got, denied)
	}
	for _, r := range day[1:] {
		if r[4] != "403" || r[5] != wire.CodeInsufficientPermissions || r[1] != narrow.Key.KeyID || len(r[8]) < 5 {
			t.Fatalf("row %q", r)
		}
	}
	if got := len(rows(url.Values{"range": {"7d"}})) - 1; got != denied+5 {
		t.Errorf("7d: %d error rows, want %d", got, denied+5)
	}
	if r := e.req("GET", "/api/v1/tenant/analytics/api-usage/errors.csv?range=7d&key_id=key_none", nil, bearerH(tok)...); r.status != 404 {
		t.Errorf("a key of no one: %d", r.status)
	}
	if r := e.req("GET", "/api/v1/tenant/analytics/api-usage/errors.csv?range=2d", nil, bearerH(tok)...); r.status != 400 {
		t.Errorf("bad range: %d", r.status)
	}
}
