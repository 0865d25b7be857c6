package sandbox

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
	"golang.org/x/crypto/bcrypt"
)

// serveChild runs a sandbox on dir, prints its URL, and waits to be killed.
// The demo password is set only when seeding: on a restart that would cost
// three bcrypt runs (seconds under the race detector) and change nothing.
func serveChild(dir string) {
	pw := ""
	if _, err := os.Stat(filepath.Join(dir, "sandbox")); err != nil {
		pw = testPassword
	}
	srv, err := New(Config{DataDir: dir, DemoPassword: pw, Clock: newFakeClock(), PasswordCost: bcrypt.MinCost}) // tests only
	if err == nil {
		var url string
		if url, err = srv.Listen("127.0.0.1:0"); err == nil {
			fmt.Printf("URL %s\n", url)
			os.Stdout.Sync()
			select {}
		}
	}
	fmt.Fprintln(os.Stderr, "serve child:", err)
	os.Exit(2)
}

// startServeChild starts serveChild in a new process and returns it with
// an env that talks to it over loopback.
func startServeChild(t *testing.T, dir string) (*exec.Cmd, *env) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SANDBOX_SERVE_CHILD="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })                                  // a failed check leaves no child behind
	guard := time.AfterFunc(testClientTimeout, func() { cmd.Process.Kill() }) // a hung start; -race on a busy machine starts slowly
	defer guard.Stop()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "URL "); ok {
			go io.Copy(io.Discard, out)
			return cmd, &env{t: t, url: u, hc: &http.Client{Timeout: testClientTimeout}}
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatal("the child sandbox did not start")
	return nil, nil
}

// answered counts, per key, what the clients received and what they sent
// without receiving an answer (the kill may have come before or after its
// event was saved).
type answered struct {
	requests, errors, unanswered atomic.Int64
}

// TestKillNeverLosesAnsweredUsage kills a sandbox child with SIGKILL at
// random moments — mid-stream under 8 concurrent clients, or a few
// milliseconds after the last answer — 20 times over one data directory.
// After each restart, for every key: the usage analytics and the key's
// request_count agree exactly, and lie between the answers received and
// those plus the requests left unanswered by the kill; after a kill that
// came after the last answer, they equal the answers exactly.
func TestKillNeverLosesAnsweredUsage(t *testing.T) {
	const runs, clients, minAnswers = 20, 8, 16
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 10))
	var keys []wire.CreateKeyResponse
	var counts []*answered
	var cut int64
	var a string // the admin's session, kept across restarts like any session
	for run := 0; run <= runs; run++ {
		cmd, e := startServeChild(t, dir)
		if run == 0 {
			a = e.login("admin@demo.penguinmails.test")
			s := sess{a, e.sudo(a)}
			// one key that succeeds (until the plan's limit answers 429),
			// one whose every request is refused 403
			keys = append(keys, e.createKey(s, allPerms("live")),
				e.createKey(s, wire.CreateKeyRequest{Name: "Analytics only", Environment: "live", Permissions: []string{PermReadAnalytics}}))
			counts = []*answered{{}, {}}
		}
		for i, k := range keys {
			cut += counts[i].unanswered.Load()
			checkKilledCounts(t, e, a, run, k.Key.KeyID, counts[i])
		}
		if run == runs {
			cmd.Process.Kill()
			cmd.Wait()
			break
		}
		afterLast := run%2 == 1
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hc := &http.Client{Timeout: 5 * time.Second}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					ki := (c + i) % len(keys)
					req, _ := http.NewRequest("GET", e.url+"/api/v1/contacts", nil)
					req.Header.Set("Authorization", "Bearer "+keys[ki].APIKey)
					res, err := hc.Do(req)
					if err == nil {
						_, err = io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
					if err != nil { // killed: the answer never came
						counts[ki].unanswered.Add(1)
						return
					}
					counts[ki].requests.Add(1)
					if res.StatusCode >= 400 && res.StatusCode != 429 {
						counts[ki].errors.Add(1)
					}
				}
			}()
		}
		// Under load first (a slow machine or -race answers slowly), then a
		// random moment.
		base := counts[0].requests.Load() + counts[1].requests.Load()
		for wait := time.Now(); counts[0].requests.Load()+counts[1].requests.Load() < base+minAnswers && time.Since(wait) < 10*time.Second; {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(200)) * time.Millisecond)
		if afterLast {
			close(stop)
			wg.Wait()
			time.Sleep(time.Duration(rng.IntN(4000)) * time.Microsecond)
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL: no Close, no flush
			t.Fatal(err)
		}
		cmd.Wait()
		if !afterLast {
			close(stop)
			wg.Wait()
		}
	}
	total := counts[0].requests.Load() + counts[1].requests.Load()
	t.Logf("%d runs, %d answers, %d requests cut off by the kills", runs, total, cut)
	if total < runs*minAnswers {
		t.Errorf("only %d answers in %d runs: the harness did not load the sandbox", total, runs)
	}
}

// checkKilledCounts compares a key's durable counts after a restart with
// what the clients saw, and makes the counts exact again for the next run.
func checkKilledCounts(t *testing.T, e *env, tok string, run int, keyID string, c *answered) {
	t.Helper()
	r := e.req("GET", "/api/v1/tenant/analytics/api-usage?range=1h&key_id="+keyID, nil, bearerH(tok)...)
	if r.status != 200 {
		t.Fatalf("run %d: usage: %d %s", run, r.status, r.body)
	}
	var u wire.APIUsage
	r.decode(t, &u)
	var events, eventErrs int64
	for _, p := range u.Series {
		events += p.Total
		eventErrs += p.ClientErrors + p.ServerErrors // 429s are counted apart
	}
	k := e.getKey(sess{tok: tok}, keyID).Key
	if k.RequestCount != events || k.ErrorCount != eventErrs {
		t.Errorf("run %d, key %s: request_count %d, error_count %d, but usage events %d with %d errors",
			run, keyID, k.RequestCount, k.ErrorCount, events, eventErrs)
	}
	got, lost := c.requests.Load(), c.unanswered.Load()
	if events < got || events > got+lost {
		t.Errorf("run %d, key %s: %d usage events after the kill; %d answers were received and %d requests cut off",
			run, keyID, events, got, lost)
	}
	if errs := c.errors.Load(); eventErrs < errs || eventErrs > errs+lost {
		t.Errorf("run %d, key %s: %d errors after the kill; %d error answers were received and %d requests cut off",
			run, keyID, eventErrs, errs, lost)
	}
	// what the cut-off requests did is now known: start exact again
	c.requests.Store(events)
	c.errors.Store(eventErrs)
	c.unanswered.Store(0)
}
