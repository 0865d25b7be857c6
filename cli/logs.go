package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/live"
	"github.com/penguinmails/console/backend/wire"
)

// maxLines is the most past entries one page of the request log holds.
const maxLines = 200

// logFilter is logs tail's filters: the platform's own for the past
// entries, and the same rules applied here to the live ones (the tail
// carries every request of the tenant).
type logFilter struct {
	status, key, method, path, ip string
}

func (f logFilter) request(limit int) app.LogsRequest {
	return app.LogsRequest{Status: f.status, KeyID: f.key, Method: f.method, Path: f.path, IP: f.ip, Limit: limit}
}

// match mirrors the platform's filter rules (backend/sandbox/requestlog):
// status is a class (4xx), a status (404) or an error code (key_revoked);
// path is a prefix, "/emails" meaning the API's /api/v1/emails.
func (f logFilter) match(e wire.LogEntry) bool {
	if s := strings.ToLower(f.status); s != "" {
		st := strconv.Itoa(e.Status)
		switch {
		case len(s) == 3 && strings.HasSuffix(s, "xx"):
			if st[0] != s[0] {
				return false
			}
		case len(s) == 3 && s[0] >= '1' && s[0] <= '5':
			if st != s {
				return false
			}
		case e.Error != s:
			return false
		}
	}
	if f.key != "" && e.KeyID != f.key {
		return false
	}
	if f.method != "" && !strings.EqualFold(e.Method, f.method) {
		return false
	}
	if f.ip != "" && e.IP != f.ip {
		return false
	}
	if p := f.path; p != "" {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if !strings.HasPrefix(p, "/api/") {
			p = "/api/v1" + p
		}
		if !strings.HasPrefix(e.Path, p) {
			return false
		}
	}
	return true
}

// emitterFunc receives the app's events.
type emitterFunc func(event string, data any)

func (f emitterFunc) Emit(event string, data any) { f(event, data) }

func runLogs(ctx context.Context, c *invocation) error {
	if len(c.args) > 0 && (c.args[0] == "-h" || c.args[0] == "--help" || c.args[0] == "help") {
		return errHelp
	}
	if len(c.args) == 0 || c.args[0] != "tail" {
		return usagef("missing sub-command: logs tail")
	}
	c.name = "logs tail"
	fs := c.flags("logs tail")
	lines := fs.Int("lines", 10, "how many past requests to show first (0-200)")
	follow := fs.Bool("follow", true, "keep printing new requests until Ctrl+C (--follow=false prints the past ones and ends)")
	var f logFilter
	fs.StringVar(&f.status, "status", "", "2xx, 4xx, 429, 5xx, a status such as 404, or an error code such as key_revoked")
	fs.StringVar(&f.key, "key", "", "requests made with this key id")
	fs.StringVar(&f.method, "method", "", "GET, POST, PUT, PATCH or DELETE")
	fs.StringVar(&f.path, "path", "", "paths starting with this, e.g. /emails")
	fs.StringVar(&f.ip, "ip", "", "requests from this IP address")
	pos, err := parse(fs, c.args[1:])
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	if *lines < 0 || *lines > maxLines {
		return usagef("--lines %d: want 0 to %d", *lines, maxLines)
	}
	a, err := c.signedIn(ctx)
	if err != nil {
		return err
	}
	// The tail starts before the past page is read, so no request falls
	// between the two; the ones in both are printed once.
	entries := make(chan wire.LogEntry, 1024)
	states := make(chan live.Status, 16)
	if *follow {
		a.Events.Attach(emitterFunc(func(event string, data any) {
			switch d := data.(type) {
			case wire.LogEntry:
				if event == app.EventLogEntry {
					select {
					case entries <- d:
					default: // a reader this far behind loses entries rather than memory
					}
				}
			case live.Status:
				if event == app.EventLogTailState {
					select {
					case states <- d:
					default:
					}
				}
			}
		}))
		if err := a.Logs.Tail(true); err != nil {
			return err
		}
		if c.awaitTail(ctx, states) != nil {
			return nil // Ctrl+C while connecting
		}
	}
	// The platform checks the filters (in its words) even when no past
	// entry is wanted.
	v, err := a.Logs.List(f.request(max(*lines, 1)))
	if ue, ok := err.(*app.UIError); ok && ue.Code == wire.CodeInvalidRequest {
		for field, problem := range ue.Fields { // a filter flag the platform refused
			return usagef("--%s: %s", strings.ReplaceAll(field, "key_id", "key"), problem)
		}
	}
	if err != nil {
		return err
	}
	if v.Offline {
		c.warnf("The platform cannot be reached: these are the requests kept %s ago.", (time.Duration(v.AgeSeconds) * time.Second).String())
		*follow = false
	}
	past := v.Page.Entries[:min(*lines, len(v.Page.Entries))]
	seen := make(map[string]bool, len(past))
	for i := len(past) - 1; i >= 0; i-- { // oldest first, like tail
		seen[past[i].RequestID] = true
		if err := c.printLogEntry(past[i]); err != nil {
			return err
		}
	}
	if !*follow {
		return nil
	}
	c.warnf("Waiting for new requests (Ctrl+C to stop)…")
	for {
		select {
		case <-ctx.Done():
			return nil
		case e := <-entries:
			if seen[e.RequestID] || !f.match(e) {
				continue
			}
			if err := c.printLogEntry(e); err != nil {
				return err
			}
		}
	}
}

// awaitTail waits until the tail is connected, so that nothing sent after
// the past page was read is missed; if it does not connect within ten
// seconds it says why and goes on (the tail keeps retrying).
func (c *invocation) awaitTail(ctx context.Context, states <-chan live.Status) error {
	timeout := time.After(10 * time.Second)
	var last live.Status
	for {
		select {
		case s := <-states:
			if s.State == live.StateLive {
				return nil
			}
			last = s
		case <-timeout:
			c.warnf("The live tail is not connected yet (%s); it keeps trying.", orText(last.Error, string(last.State)))
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// printLogEntry writes one request: a line of text, or with --json one
// JSON object per line.
func (c *invocation) printLogEntry(e wire.LogEntry) error {
	if c.json {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(c.io.Stdout, string(b))
		return err
	}
	key := e.KeyID
	if e.KeyName != "" {
		key += " (" + e.KeyName + ")"
	}
	if key == "" {
		key = "-"
	}
	line := fmt.Sprintf("%s  %s  %-6s %s  %d  %.1f ms  %s  %s", e.At.UTC().Format(time.RFC3339), e.RequestID,
		e.Method, e.Path, e.Status, e.LatencyMs, key, e.IP)
	if e.Error != "" {
		line += "  " + e.Error
	}
	_, err := fmt.Fprintln(c.io.Stdout, line)
	return err
}
