package sandbox

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestKillLosesNoAcknowledgedLogEntry runs a sandbox in a child process that
// sends gateway requests from four goroutines and prints each request id as
// its answer arrives, kills it with SIGKILL in mid-traffic, and reopens the
// data directory: every request id that was answered is in the log.
func TestKillLosesNoAcknowledgedLogEntry(t *testing.T) {
	dir := t.TempDir()
	cmd, sc := startChild(t, "SANDBOX_LOG_KILL_CHILD", dir)
	var acked []string
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
			acked = append(acked, id)
			if len(acked) == 200 {
				break // the child is still sending: kill it now
			}
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	// answers that arrived before the kill but were not read yet count too
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "ACK "); ok {
			acked = append(acked, id)
		}
	}
	cmd.Wait()
	if len(acked) < 200 {
		t.Fatalf("child acknowledged only %d requests", len(acked))
	}

	e := newEnv(t, envOpts{dir: dir})
	a := e.admin()
	missing := 0
	for _, id := range acked {
		if r := e.req("GET", "/api/v1/tenant/logs/"+id, nil, bearerH(a.tok)...); r.status != 200 {
			missing++
			t.Errorf("acknowledged request %s is not in the log after kill -9 (%d)", id, r.status)
		}
	}
	t.Logf("%d acknowledged requests, %d missing", len(acked), missing)
}

// logKillChild sends requests until it is killed, printing each answered id.
func logKillChild(dir string) {
	t := &childTB{}
	e := newEnv(t, envOpts{dir: dir, plan: "business"})
	a := e.admin()
	k := e.createKey(a, allPerms("test"))
	var mu sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	for g := 0; g < 4; g++ {
		go func() {
			for {
				r := e.gw("POST", "/contacts", k.APIKey, map[string]any{"email": fmt.Sprintf("c%d@example.com", time.Now().UnixNano())})
				id := r.header.Get("X-Request-Id")
				mu.Lock()
				fmt.Fprintf(w, "ACK %s\n", id)
				w.Flush() // a line is printed only once its answer is in
				mu.Unlock()
			}
		}()
	}
	select {} // wait for SIGKILL
}
