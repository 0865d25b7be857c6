package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// result is one run of the command line.
type result struct {
	code           int
	stdout, stderr string
}

// console runs commands against one data directory and, when url is set,
// the platform at url (else the embedded one).
type console struct {
	t        *testing.T
	dir, url string
}

func newConsole(t *testing.T, url string) *console {
	return &console{t: t, dir: t.TempDir(), url: url}
}

// run runs one command, with stdin as its input (not a terminal).
func (c *console) run(stdin string, args ...string) result {
	c.t.Helper()
	args = append(args, "--data-dir", c.dir)
	if c.url != "" {
		args = append(args, "--api-url", c.url)
	}
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hung command; -race on a loaded machine is slow
	defer cancel()
	code := Run(ctx, args[0], args[1:], IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return result{code, out.String(), errb.String()}
}

func (c *console) ok(stdin string, args ...string) result {
	c.t.Helper()
	r := c.run(stdin, args...)
	if r.code != ExitOK {
		c.t.Fatalf("%v: exit %d\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

func (c *console) json(v any, stdin string, args ...string) {
	c.t.Helper()
	r := c.ok(stdin, append(args, "--json")...)
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		c.t.Fatalf("%v --json: %v\n%s", args, err, r.stdout)
	}
}

func expect(t *testing.T, r result, code int, stderrHas string) {
	t.Helper()
	if r.code != code || !strings.Contains(r.stderr, stderrHas) {
		t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, code, stderrHas)
	}
}

// noSecretIn fails if secret is in any file under dir (Badger tables, value
// logs, the key file, the log file…).
func noSecretIn(t *testing.T, dir, secret string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the secret is in %s", p)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walking %s: %v (%d files)", dir, err, n)
	}
}

func startPlatform(t *testing.T) (*sandbox.Server, string) {
	return sandboxtest.Start(t, sandbox.Config{})
}

func TestNotSignedInExitsThree(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	for _, args := range [][]string{{"whoami"}, {"keys", "list"}, {"keys", "show", "key_x"}, {"usage", "--range", "7d"}} {
		expect(t, c.run("", args...), ExitNotSignedIn, "Sign in to continue")
	}
	r := c.run("", "keys", "list", "--json")
	var e struct{ Error app.UIError }
	if r.code != ExitNotSignedIn || json.Unmarshal([]byte(r.stderr), &e) != nil || e.Error.Code != app.CodeNotSignedIn {
		t.Errorf("--json not signed in: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"keys"}, "missing sub-command"},
		{[]string{"keys", "burn"}, `unknown sub-command "burn"`},
		{[]string{"keys", "list", "--colour"}, "flag provided but not defined: -colour"},
		{[]string{"keys", "list", "--status", "lost"}, `--status "lost"`},
		{[]string{"keys", "show"}, "missing KEY_ID"},
		{[]string{"keys", "show", "a", "b"}, `unexpected argument "b"`},
		{[]string{"keys", "create", "--preset", "read_only"}, "--name is required"},
		{[]string{"keys", "create", "--name", "x"}, "give either --preset or --permissions"},
		{[]string{"keys", "create", "--name", "x", "--preset", "read_only", "--env", "prod"}, `--env "prod"`},
		{[]string{"keys", "create", "--name", "x", "--preset", "read_only", "--expires", "soon"}, `--expires "soon"`},
		{[]string{"usage", "--range", "90d"}, `--range "90d"`},
		{[]string{"usage", "--format", "xml"}, `--format "xml"`},
		{[]string{"login"}, "--email is required when stdin is not a terminal"},
	}
	for _, tc := range cases {
		expect(t, c.run("", tc.args...), ExitUsage, tc.says)
	}
	if r := c.run("", "keys", "--help"); r.code != ExitOK || !strings.Contains(r.stdout, "keys create --name NAME") {
		t.Errorf("keys --help: exit %d, %q", r.code, r.stdout)
	}
}

func TestLoginWhoamiLogout(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	expect(t, c.run("wrong\n", "login", "--email", sandboxtest.Admin), ExitError, wire.MsgInvalidCredentials)
	expect(t, c.run("", "login", "--email", sandboxtest.Admin, "--password-stdin"), ExitUsage, "no password on stdin")

	r := c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Developer)
	if !strings.Contains(r.stdout, "Signed in as "+sandboxtest.Developer+" (developer)") {
		t.Errorf("login said %q", r.stdout)
	}
	if strings.Contains(r.stdout+r.stderr, sandboxtest.Password) {
		t.Error("login echoed the password")
	}
	// The next process takes up the stored session.
	var who whoamiView
	c.json(&who, "", "whoami")
	if who.User.Email != sandboxtest.Developer || who.User.Role != "developer" || who.APIURL != url || who.Embedded {
		t.Errorf("whoami = %+v", who)
	}
	if r := c.ok("", "logout"); !strings.Contains(r.stdout, "Signed "+sandboxtest.Developer+" out") {
		t.Errorf("logout said %q", r.stdout)
	}
	expect(t, c.run("", "whoami"), ExitNotSignedIn, "Run 'penguinmails-console login'")
	if r := c.ok("", "logout"); !strings.Contains(r.stdout, "You were not signed in.") {
		t.Errorf("second logout said %q", r.stdout)
	}
}

// TestKeysLifecycle creates, lists, shows, rotates and revokes a key through
// the command line, with the sudo password on stdin, and checks the secret
// appears in create's and rotate's stdout only, once, and nowhere in the
// data directory, the log or stderr.
func TestKeysLifecycle(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Admin)

	// Without a password to confirm sudo, nothing is created.
	expect(t, c.run("", "keys", "create", "--name", "ci", "--preset", "read_only"), ExitError, wire.MsgSudoRequired)
	expect(t, c.run("not-it\n", "keys", "create", "--name", "ci", "--preset", "read_only"), ExitError, wire.MsgWrongPassword)
	// The platform's own validation, in its words.
	expect(t, c.run(sandboxtest.Password+"\n", "keys", "create", "--name", "ci!", "--preset", "read_only"), ExitError, apikey.MsgNameChars)

	// At the most talkative log level, so a secret in any log line would show.
	created := c.ok(sandboxtest.Password+"\n", "keys", "create", "--name", "ci", "--preset", "read_only", "--expires", "2099-01-31", "--log-level", "debug")
	secret := strings.TrimSpace(created.stdout)
	if !strings.HasPrefix(secret, "pm_test_") || strings.Count(created.stdout, "\n") != 1 {
		t.Fatalf("create's stdout is not just the secret: %q", created.stdout)
	}
	if strings.Contains(created.stderr, secret) || !strings.Contains(created.stderr, wire.MsgKeyWarning) {
		t.Errorf("create's stderr: %q", created.stderr)
	}

	var list wire.KeyList
	c.json(&list, "", "keys", "list")
	if len(list.APIKeys) != 1 || list.APIKeys[0].Name != "ci" {
		t.Fatalf("keys list --json = %+v", list)
	}
	id := list.APIKeys[0].KeyID
	table := c.ok("", "keys", "list")
	if !strings.Contains(table.stdout, "ID") || !strings.Contains(table.stdout, id) || !strings.Contains(table.stdout, list.APIKeys[0].MaskedKey) {
		t.Errorf("keys list table:\n%s", table.stdout)
	}
	var k wire.KeyDetails
	c.json(&k, "", "keys", "show", id)
	if k.KeyID != id || k.Environment != "test" || k.ExpiresAt == nil || k.ExpiresAt.Format("2006-01-02") != "2099-01-31" ||
		!slices.Contains(k.Permissions, "read_contacts") || slices.Contains(k.Permissions, "send_email") { // the read_only preset
		t.Errorf("keys show --json = %+v", k)
	}
	shown := c.ok("", "keys", "show", id)
	expect(t, c.run("", "keys", "show", "key_missing"), ExitError, wire.MsgNotFound)

	// The key really works at the gateway.
	call := func(secret string) int { return callGateway(t, url, secret) }
	if st := call(secret); st != 200 {
		t.Errorf("the created key answers %d", st)
	}

	var rot wire.RotateKeyResponse
	c.json(&rot, sandboxtest.Password+"\n", "keys", "rotate", id)
	if !strings.HasPrefix(rot.APIKey, "pm_test_") || rot.APIKey == secret || rot.Key.KeyID != id {
		t.Errorf("rotate --json = %+v", rot)
	}
	if st := call(rot.APIKey); st != 200 {
		t.Errorf("the rotated secret answers %d", st)
	}
	// keys show lists the previous secret that still works, masked.
	if shown := c.ok("", "keys", "show", id).stdout; !strings.Contains(shown, "Previous secrets") || !strings.Contains(shown, "works until") || strings.Contains(shown, secret) {
		t.Errorf("keys show after a rotation:\n%s", shown)
	}
	// --grace now ends the secret it replaces at once (a leaked key).
	var leak wire.RotateKeyResponse
	c.json(&leak, sandboxtest.Password+"\n", "keys", "rotate", id, "--grace", "now")
	if st := call(rot.APIKey); st != 401 {
		t.Errorf("the secret rotated out with --grace now answers %d", st)
	}
	if st := call(leak.APIKey); st != 200 {
		t.Errorf("the secret after --grace now answers %d", st)
	}
	expect(t, c.run("", "keys", "rotate", id, "--grace", "2h"), ExitUsage, `--grace "2h": want now, 1h, 24h, 3d or 7d`)
	again := c.ok(sandboxtest.Password+"\n", "keys", "rotate", id, "--grace", "now")
	if !strings.Contains(again.stderr, "The previous secret stopped working at once.") || strings.Count(again.stdout, "\n") != 1 {
		t.Errorf("rotate --grace now said %q / %q", again.stdout, again.stderr)
	}
	if st := call(leak.APIKey); st != 401 {
		t.Errorf("the secret rotated out with --grace now answers %d", st)
	}

	var rev wire.RevokeKeyResponse
	c.json(&rev, sandboxtest.Password+"\n", "keys", "revoke", id)
	if rev.KeyID != id || rev.RevokedAt.IsZero() {
		t.Errorf("revoke --json = %+v", rev)
	}
	expect(t, c.run(sandboxtest.Password+"\n", "keys", "revoke", id), ExitError, wire.MsgKeyRevoked)

	for _, s := range []string{secret, rot.APIKey, leak.APIKey, strings.TrimSpace(again.stdout)} {
		noSecretIn(t, c.dir, s)
		for _, out := range []string{table.stdout, shown.stdout, created.stderr} {
			if strings.Contains(out, s) {
				t.Errorf("a secret was printed outside create/rotate: %q", out)
			}
		}
	}
}

func TestUsageTableJSONAndCSV(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Admin)
	secret := strings.TrimSpace(c.ok(sandboxtest.Password+"\n", "keys", "create", "--name", "usage", "--preset", "read_only").stdout)
	for i := 0; i < 3; i++ {
		callGateway(t, url, secret)
	}

	r := c.ok("", "usage", "--range", "30d", "--format", "csv")
	rows, err := csvRows(r.stdout)
	if err != nil {
		t.Fatalf("usage --format csv is not CSV: %v\n%s", err, r.stdout)
	}
	summary := section(rows, "# summary")
	if len(summary) != 2 || summary[0][0] != "total_requests" || summary[1][0] != "3" {
		t.Errorf("summary section %v\n%s", summary, r.stdout)
	}
	if keys := section(rows, "# keys"); len(keys) != 2 || keys[1][1] != "usage" {
		t.Errorf("keys section %v", keys)
	}

	var snap struct {
		Range string        `json:"range"`
		Data  wire.APIUsage `json:"data"`
	}
	c.json(&snap, "", "usage", "--range", "7d")
	if snap.Range != "7d" || snap.Data.Summary.TotalRequests != 3 || snap.Data.Range.Granularity != "hour" {
		t.Errorf("usage --json = %+v", snap)
	}
	var list wire.KeyList
	c.json(&list, "", "keys", "list")
	var one struct {
		KeyID string        `json:"key_id"`
		Data  wire.APIUsage `json:"data"`
	}
	c.json(&one, "", "usage", "--range", "24h", "--key", list.APIKeys[0].KeyID)
	if one.KeyID != list.APIKeys[0].KeyID || one.Data.Summary.TotalRequests != 3 {
		t.Errorf("usage --key: %+v", one)
	}
	table := c.ok("", "usage")
	for _, want := range []string{"Total requests  3", "GET", "/contacts", "usage"} {
		if !strings.Contains(table.stdout, want) {
			t.Errorf("usage table lacks %q:\n%s", want, table.stdout)
		}
	}
}

// The usage CSV's endpoints section, and the endpoints table `usage` prints,
// count each endpoint's 429s in their own column, as the Usage screen's
// endpoints table shows them, apart from its errors.
func TestUsageCountsRateLimitedPerEndpoint(t *testing.T) {
	t.Parallel()
	// The starter plan's burst on a clock that stands still: the requests
	// past it are refused with 429, however slowly they are sent.
	_, url := sandboxtest.Start(t, sandbox.Config{Plan: "starter", Clock: sandboxtest.NewClock(time.Now())})
	c := newConsole(t, url)
	c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Admin)
	secret := strings.TrimSpace(c.ok(sandboxtest.Password+"\n", "keys", "create", "--name", "limited", "--preset", "read_only").stdout)
	for range 5 { // another endpoint, before the limit is used up
		if st := callGatewayPath(t, url, secret, "/api/v1/campaigns"); st != http.StatusOK {
			t.Fatalf("GET /campaigns: %d", st)
		}
	}
	limited := 0
	for range 110 {
		if callGateway(t, url, secret) == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("no request was refused with 429")
	}

	rows, err := csvRows(c.ok("", "usage", "--range", "24h", "--format", "csv").stdout)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{ // requests, errors, rate_limited
		"/api/v1/contacts": {110, 0, limited},
		"other":            {5, 0, 0},
	}
	// Both outputs put method, endpoint and requests first, errors and
	// rate limited sixth and seventh.
	counts := func(what string, eps [][]string) {
		t.Helper()
		if len(eps) != 2 {
			t.Fatalf("%s: %d endpoints, want 2: %q", what, len(eps), eps)
		}
		for _, row := range eps {
			name := row[1]
			if name != "/api/v1/contacts" {
				name = "other"
			}
			n := func(i int) int { v, _ := strconv.Atoi(row[i]); return v }
			if got := [3]int{n(2), n(5), n(6)}; len(row) != 7 || row[0] != "GET" || got != want[name] {
				t.Errorf("%s: %q: requests, errors, rate limited = %v, want %v", what, row, got, want[name])
			}
		}
	}
	eps := section(rows, "# endpoints")
	if len(eps) == 0 || !slices.Equal(eps[0], wire.EndpointsCSVHeader) || eps[0][6] != "rate_limited" {
		t.Fatalf("endpoints section: %v", eps)
	}
	counts("csv", eps[1:])
	if summary := section(rows, "# summary"); summary[1][6] != strconv.Itoa(limited) {
		t.Errorf("summary's rate_limited_count %s, want %d", summary[1][6], limited)
	}

	out := c.ok("", "usage", "--range", "24h").stdout
	table := tableRows(out, "METHOD")
	if len(table) == 0 || !slices.Equal(table[0], []string{"METHOD", "ENDPOINT", "REQUESTS", "SUCCESS %", "AVG MS", "ERRORS", "RATE LIMITED"}) {
		t.Fatalf("usage table's endpoints:\n%s", out)
	}
	counts("table", table[1:])
}

// tableRows reads the table of a command's output whose heading starts with
// first, up to the blank line after it, as cells (the columns are set apart
// by two spaces or more, so "SUCCESS %" stays one cell).
func tableRows(out, first string) [][]string {
	var rows [][]string
	for l := range strings.Lines(out) {
		l = strings.TrimSpace(l)
		if rows == nil && !strings.HasPrefix(l, first+" ") {
			continue
		}
		if l == "" {
			break
		}
		rows = append(rows, columnGap.Split(l, -1))
	}
	return rows
}

var columnGap = regexp.MustCompile(`\s{2,}`)

// callGateway calls GET /contacts with an API key and returns the status.
func callGateway(t *testing.T, url, secret string) int {
	t.Helper()
	return callGatewayPath(t, url, secret, "/api/v1/contacts")
}

func callGatewayPath(t *testing.T, url, secret, path string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url+path, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func csvRows(s string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(s))
	r.FieldsPerRecord = -1
	return r.ReadAll()
}

// section returns the rows after the "# name" row up to the next section
// (encoding/csv skips the blank rows between them).
func section(rows [][]string, name string) [][]string {
	for i, row := range rows {
		if row[0] == name {
			var out [][]string
			for _, r := range rows[i+1:] {
				if strings.HasPrefix(r[0], "# ") {
					break
				}
				out = append(out, r)
			}
			return out
		}
	}
	return nil
}

// TestEmbeddedPlatformWorksOutOfTheBox: no --api-url, a fresh data
// directory: the command line starts the embedded platform and signs in as
// its demo admin, like the window; `login` as another demo user sticks for
// the next command.
func TestEmbeddedPlatformWorksOutOfTheBox(t *testing.T) {
	t.Parallel()
	c := newConsole(t, "")
	var who whoamiView
	c.json(&who, "", "whoami")
	if !who.Embedded || who.User.Role != "admin" || who.Demo == nil || who.Demo.Password == "" {
		t.Fatalf("whoami on the embedded platform = %+v", who)
	}
	var list wire.KeyList
	c.json(&list, "", "keys", "list")

	c.ok(who.Demo.Password+"\n", "login", "--email", "developer@demo.penguinmails.test")
	c.json(&who, "", "whoami")
	if who.User.Role != "developer" {
		t.Errorf("after login as the developer, whoami says %+v", who.User)
	}
}

// TestDataDirInUse: a console running on the data directory (the window or
// serve) holds its database; the command line says so instead of failing on
// a lock.
func TestDataDirInUse(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	c := newConsole(t, url)
	log := logrus.New()
	log.SetOutput(bytes.NewBuffer(nil))
	a, err := app.New(app.Config{APIURL: url, DataDir: c.dir}, log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Stop()
	expect(t, c.run("", "keys", "list"), ExitError, "the console is already running on "+c.dir)
}

// TestOffline: with the platform gone, usage comes from the snapshot the
// last answer was kept as (and says so); key commands say the platform
// cannot be reached.
func TestOffline(t *testing.T) {
	t.Parallel()
	sb, url := startPlatform(t)
	c := newConsole(t, url)
	c.ok(sandboxtest.Password+"\n", "login", "--email", sandboxtest.Admin)
	var online struct {
		ID string `json:"id"`
	}
	c.json(&online, "", "usage", "--range", "7d")
	if err := sb.Close(); err != nil {
		t.Fatal(err)
	}
	r := c.ok("", "usage", "--range", "7d", "--json")
	var kept struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &kept); err != nil || kept.ID != online.ID {
		t.Errorf("offline usage: %v, snapshot %q, want the kept %q", err, kept.ID, online.ID)
	}
	if !strings.Contains(r.stderr, "The platform cannot be reached: this is the snapshot fetched") {
		t.Errorf("offline usage did not say so: %q", r.stderr)
	}
	expect(t, c.run("", "keys", "list"), ExitError, "Cannot reach the PenguinMails platform")
}
