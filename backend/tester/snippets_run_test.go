package tester_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// The snippets a user copies from CodeSnippet must run. This generates them
// with the UI's own module (frontend/scripts/snippets.mjs → src/lib/
// snippets.ts → @readme/httpsnippet) for POST /api/v1/emails/send with a
// real key against the real sandbox, and runs each with its interpreter.
// A missing interpreter fails the test, naming it; nothing is skipped.

type language struct {
	id   string
	file string
	// cmd runs the snippet file in dir.
	cmd func(dir, file string) *exec.Cmd
	// needs names the Debian packages that provide the interpreter.
	needs string
}

var languages = []language{
	{"curl", "snippet.sh", func(d, f string) *exec.Cmd { return exec.Command("bash", f) }, "curl (and bash)"},
	// The Node snippet logs res.json() as an object; Node prints objects in
	// its own notation, so a preload makes console.log print them as JSON.
	{"node", "snippet.js", func(d, f string) *exec.Cmd {
		os.WriteFile(filepath.Join(d, "json-log.cjs"), []byte(nodeJSONLog), 0o600)
		return exec.Command("node", "--require", "./json-log.cjs", f)
	}, "nodejs"},
	{"python", "snippet.py", func(d, f string) *exec.Cmd { return exec.Command(pythonWithRequests(), f) }, "python3 and python3-requests"},
	{"php", "snippet.php", func(d, f string) *exec.Cmd { return exec.Command("php", f) }, "php-cli and php-curl"},
	{"ruby", "snippet.rb", func(d, f string) *exec.Cmd { return exec.Command("ruby", f) }, "ruby"},
	{"go", "main.go", func(d, f string) *exec.Cmd { return exec.Command(goTool(), "run", f) }, "golang (go run)"},
}

const nodeJSONLog = `const log = console.log
console.log = (...a) => log(...a.map((x) => (x && typeof x === 'object' ? JSON.stringify(x) : x)))
`

func goTool() string {
	if p := filepath.Join(runtime.GOROOT(), "bin", "go"); fileExists(p) {
		return p
	}
	return "go"
}

// pythonWithRequests is the first python3 that can import requests: the one
// on PATH (a pyenv build may shadow Debian's), else Debian's own, where
// scripts/setup.sh installs python3-requests.
func pythonWithRequests() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import requests").Run() == nil {
			return py
		}
	}
	return "python3"
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for ; dir != "/"; dir = filepath.Dir(dir) {
		if fileExists(filepath.Join(dir, "go.mod")) {
			return dir
		}
	}
	t.Fatal("no go.mod above the test")
	return ""
}

func requireTools(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range []struct{ bin, pkg string }{
		{"node", "nodejs"}, {"bash", "bash"}, {"curl", "curl"}, {"python3", "python3"}, {"php", "php-cli"}, {"ruby", "ruby"},
	} {
		if _, err := exec.LookPath(tool.bin); err != nil {
			missing = append(missing, fmt.Sprintf("%s (install %s)", tool.bin, tool.pkg))
		}
	}
	if len(missing) > 0 {
		t.Fatalf("the snippet test runs every language for real; missing: %s — run scripts/setup.sh", strings.Join(missing, ", "))
	}
	if out, err := exec.Command(pythonWithRequests(), "-c", "import requests").CombinedOutput(); err != nil {
		t.Fatalf("python3 cannot import requests (install Debian's python3-requests): %s", out)
	}
	if out, err := exec.Command("php", "-r", "exit(function_exists('curl_init') ? 0 : 1);").CombinedOutput(); err != nil {
		t.Fatalf("php has no curl extension (install php-curl): %s %v", out, err)
	}
}

// generate runs the UI's snippet generator on req.
func generate(t *testing.T, req map[string]any) map[string]string {
	t.Helper()
	root := repoRoot(t)
	if !fileExists(filepath.Join(root, "frontend/node_modules/@readme/httpsnippet")) {
		t.Fatal("frontend/node_modules is missing: run scripts/setup.sh (npm ci)")
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command("node", filepath.Join(root, "frontend/scripts/snippets.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("snippets.mjs: %v\n%s", err, stderr.String())
	}
	var snippets map[string]string
	if err := json.Unmarshal(out, &snippets); err != nil {
		t.Fatalf("snippets.mjs printed %q: %v", out, err)
	}
	return snippets
}

func run(t *testing.T, lang language, code string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, lang.file), []byte(code), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := lang.cmd(dir, lang.file)
	cmd := exec.CommandContext(ctx, c.Path, c.Args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GO111MODULE=auto")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s snippet failed (%v); needs %s\n--- code ---\n%s\n--- output ---\n%s", lang.id, err, lang.needs, code, out)
	}
	return string(out)
}

func TestGeneratedSnippetsRunAgainstTheSandbox(t *testing.T) {
	requireTools(t)
	p := startPlatform(t)
	sender, senderKey := p.createKey(t, wire.CreateKeyRequest{Name: "snippet sender", Permissions: []string{"send_email"}})
	reader, readerKey := p.createKey(t, wire.CreateKeyRequest{Name: "snippet reader", Permissions: []string{"read_contacts"}})

	for _, lang := range languages {
		t.Run(lang.id, func(t *testing.T) {
			subject := fmt.Sprintf("Hello from the %s snippet, it's real", lang.id)
			req := func(secret string) map[string]any {
				body, _ := json.MarshalIndent(map[string]any{
					"to": "dev@example.com", "subject": subject, "text_body": "Sent by a generated snippet.",
					"tags": []string{"snippet", lang.id},
				}, "", "  ")
				return map[string]any{
					"method": "POST", "url": p.URL + "/api/v1/emails/send",
					"headers": map[string]string{"Authorization": "Bearer " + secret, "Content-Type": "application/json"},
					"body":    string(body),
				}
			}

			// With send_email: the platform queues the email (202 Accepted).
			code := generate(t, req(sender))[lang.id]
			if code == "" || !strings.Contains(code, sender) {
				t.Fatalf("no %s snippet carrying the key: %q", lang.id, code)
			}
			out := run(t, lang, code)
			var sent struct {
				ID     string   `json:"id"`
				Status string   `json:"status"`
				To     []string `json:"to"`
			}
			if err := json.Unmarshal([]byte(lastJSON(out)), &sent); err != nil || sent.ID == "" || sent.Status != "queued" {
				t.Fatalf("%s snippet with send_email did not queue an email: %s", lang.id, out)
			}
			// The email exists on the platform with exactly what the snippet sent.
			em := getEmail(t, p.URL, sender, sent.ID)
			if em.Subject != subject || len(em.To) != 1 || em.To[0] != "dev@example.com" || em.KeyID != senderKey.KeyID {
				t.Fatalf("%s: stored email %+v", lang.id, em)
			}

			// Without send_email: 403 insufficient_permissions.
			out = run(t, lang, generate(t, req(reader))[lang.id])
			var refused struct {
				Error    string   `json:"error"`
				Required []string `json:"required"`
			}
			if err := json.Unmarshal([]byte(lastJSON(out)), &refused); err != nil || refused.Error != wire.CodeInsufficientPermissions {
				t.Fatalf("%s snippet without send_email: %s", lang.id, out)
			}
		})
	}

	// The platform counted every call: one success per language for the
	// sender (plus the check reads), one 403 per language for the reader.
	kd, err := p.Client.GetKey(context.Background(), readerKey.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	if kd.ErrorCount != int64(len(languages)) {
		t.Fatalf("reader key: %d errors recorded, want %d", kd.ErrorCount, len(languages))
	}
}

// lastJSON is the last line of out that is a JSON object.
func lastJSON(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "{") && json.Valid([]byte(l)) {
			return l
		}
	}
	return ""
}

type storedEmail struct {
	ID      string   `json:"id"`
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	KeyID   string   `json:"key_id"`
}

func getEmail(t *testing.T, base, secret, id string) storedEmail {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/emails/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("get email %s: %v", id, err)
	}
	defer resp.Body.Close()
	var e storedEmail
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("get email %s: %d %v", id, resp.StatusCode, err)
	}
	return e
}
