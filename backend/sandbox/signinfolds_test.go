package sandbox

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// failSignIns posts n failed sign-ins with made-up addresses at the demo
// tenant's domain from hc, eight at a time, and returns how many were
// answered 401.
func (e *env) failSignIns(hc *http.Client, prefix string, n int) int {
	e.t.Helper()
	var mu sync.Mutex
	refused := 0
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b, _ := json.Marshal(wire.LoginRequest{Email: fmt.Sprintf("%s%d@demo.penguinmails.test", prefix, i), Password: "guess"})
				res, err := hc.Post(e.url+"/api/v1/auth/login", "application/json", bytes.NewReader(b))
				if err != nil {
					continue
				}
				res.Body.Close()
				if res.StatusCode == http.StatusUnauthorized {
					mu.Lock()
					refused++
					mu.Unlock()
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return refused
}

// unknownEmailEntries are the audit's failed sign-ins with unknown addresses.
func (e *env) unknownEmailEntries(tok string) []wire.AuditEntry {
	e.t.Helper()
	var out []wire.AuditEntry
	for _, en := range e.auditPage(tok, url.Values{"action": {wire.AuditSignInFailed}, "limit": {"200"}}).Entries {
		if en.Detail["reason"] == "unknown_email" {
			out = append(out, en)
		}
	}
	return out
}

// A flood of made-up addresses from one IP is one audit entry whose count is
// every attempt; a real user's failure in the middle of it stays its own
// entry; after the minute a new entry starts.
func TestUnknownEmailFloodIsOneEntryPerIPAndMinute(t *testing.T) {
	e := newEnv(t, envOpts{})
	const flood = 1000
	const dev = "developer@demo.penguinmails.test"
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); e.failSignIns(e.hc, "made-up-", flood/2) }()
	real := e.req("POST", "/api/v1/auth/login", wire.LoginRequest{Email: dev, Password: "not-it"}, "User-Agent", "dev-laptop/1")
	wg.Wait()
	if n := e.failSignIns(e.hc, "more-", flood/2); n != flood/2 || real.status != 401 {
		t.Fatalf("sign-ins refused: %d of the second half, the developer's %d", n, real.status)
	}

	tok := e.login("admin@demo.penguinmails.test")
	got := e.unknownEmailEntries(tok)
	if len(got) != 1 {
		t.Fatalf("%d entries for one IP's flood within a minute, want 1: %+v", len(got), got)
	}
	en := got[0]
	emails, _ := en.Detail["emails"].([]any)
	other, _ := en.Detail["other_attempts"].(float64)
	if en.Count != flood || en.IP != "127.0.0.1" || len(emails) != foldListed || int(other) != flood-foldListed || en.LastAt == nil {
		t.Errorf("the flood's entry: count %d, ip %q, emails %v, other_attempts %v, last_at %v", en.Count, en.IP, emails, other, en.LastAt)
	}
	devs := e.auditPage(tok, url.Values{"actor": {dev}, "action": {wire.AuditSignInFailed}}).Entries
	if len(devs) != 1 || devs[0].Count != 0 || devs[0].Detail["reason"] != "wrong_password" || devs[0].UserAgent != "dev-laptop/1" {
		t.Errorf("the developer's failed sign-in, amid the flood: %+v", devs)
	}

	// The export says how many each row stands for.
	r := e.req("GET", "/api/v1/tenant/audit.csv?action=sign_in_failed", nil, bearerH(tok)...)
	rows, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("audit.csv: %v, %d rows: %s", err, len(rows), r.body)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	total := 0
	for _, row := range rows[1:] {
		n, _ := strconv.Atoi(row[col["count"]])
		total += n
	}
	if total != flood+1 {
		t.Errorf("audit.csv counts add up to %d, want %d", total, flood+1)
	}

	e.clock.Advance(secEventWindow)
	if n := e.failSignIns(e.hc, "later-", 3); n != 3 {
		t.Fatalf("%d of 3 refused", n)
	}
	got = e.unknownEmailEntries(tok)
	if len(got) != 2 || got[0].Count != 3 || got[1].Count != flood {
		t.Errorf("after the minute: %d entries %+v, want a new one of 3 beside the flood's", len(got), got)
	}
}

// Failures from many IPs open at most maxFoldedPerMinute entries a minute
// for a tenant; the rest are counted in one overflow entry that names the
// first IPs, so the counts still add up.
func TestUnknownEmailsFromManyIPsAreCapped(t *testing.T) {
	e := newEnv(t, envOpts{})
	const ips, each = maxFoldedPerMinute + 5, 3
	for i := range ips {
		hc := clientFrom(fmt.Sprintf("127.0.0.%d", 10+i))
		if n := e.failSignIns(hc, fmt.Sprintf("ip%d-", i), each); n != each {
			t.Fatalf("IP %d: %d of %d refused", i, n, each)
		}
		hc.CloseIdleConnections()
	}
	tok := e.login("admin@demo.penguinmails.test")
	got := e.unknownEmailEntries(tok)
	if len(got) != maxFoldedPerMinute+1 {
		t.Fatalf("%d entries from %d IPs, want %d and one overflow", len(got), ips, maxFoldedPerMinute)
	}
	total, overflow := 0, 0
	for _, en := range got {
		total += en.Count
		if en.IP == "" {
			overflow++
			if listed, _ := en.Detail["ips"].([]any); en.Count != 5*each || len(listed) != 5 {
				t.Errorf("overflow entry: count %d, ips %v", en.Count, listed)
			}
		} else if en.Count != each {
			t.Errorf("entry of %s: count %d, want %d", en.IP, en.Count, each)
		}
	}
	if total != ips*each || overflow != 1 {
		t.Errorf("counts add up to %d (want %d), %d overflow entries", total, ips*each, overflow)
	}
	// A minute later a tenant's entries open again, one per IP.
	e.clock.Advance(time.Minute)
	if n := e.failSignIns(clientFrom("127.0.0.200"), "next-", 2); n != 2 {
		t.Fatal(n)
	}
	if got := e.unknownEmailEntries(tok); len(got) != maxFoldedPerMinute+2 || got[0].IP != "127.0.0.200" || got[0].Count != 2 {
		t.Errorf("a minute later: %d entries, newest %+v", len(got), got[0])
	}
}
