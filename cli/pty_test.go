package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/crypto/bcrypt"

	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
	"github.com/penguinmails/console/backend/wire"
)

// TestMain lets the pty test run the command line as a child process whose
// stdin, stdout and stderr are a real terminal.
func TestMain(m *testing.M) {
	embeddedPasswordCost = bcrypt.MinCost // tests only, see its comment
	if args := os.Getenv("PM_CLI_CHILD_ARGS"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(Run(context.Background(), a[0], a[1:], IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
	}
	os.Exit(m.Run())
}

// terminal is a child command line on a pty.
type terminal struct {
	t    *testing.T
	cmd  *exec.Cmd
	pty  *os.File
	out  strings.Builder
	read chan string // chunks read from the pty
	// seen is how much of out earlier waitFor calls consumed: a prompt
	// shown twice must be waited for twice (typing at the first one's
	// text again would beat the second one's echo-off).
	seen int
}

func startOnPTY(t *testing.T, args ...string) *terminal {
	t.Helper()
	b, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PM_CLI_CHILD_ARGS="+string(b))
	f, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, cmd: cmd, pty: f, read: make(chan string, 64)}
	go func() {
		r := bufio.NewReader(f)
		buf := make([]byte, 4096)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				term.read <- string(buf[:n])
			}
			if err != nil {
				close(term.read)
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
	})
	return term
}

// waitFor reads the terminal until it shows s after what earlier calls
// consumed (or 2 minutes pass: a bound for a hung child, generous for a
// race build on a loaded machine).
func (term *terminal) waitFor(s string) {
	term.t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		if i := strings.Index(term.out.String()[term.seen:], s); i >= 0 {
			term.seen += i + len(s)
			return
		}
		select {
		case chunk, ok := <-term.read:
			if !ok {
				term.t.Fatalf("the command ended before showing %q:\n%s", s, term.out.String())
			}
			term.out.WriteString(chunk)
		case <-deadline:
			term.t.Fatalf("no %q on the terminal after 2 minutes:\n%s", s, term.out.String())
		}
	}
}

func (term *terminal) typeLine(s string) {
	term.t.Helper()
	if _, err := io.WriteString(term.pty, s+"\r"); err != nil {
		term.t.Fatal(err)
	}
}

// exit reads the rest of the output and returns the exit code.
func (term *terminal) exit() int {
	term.t.Helper()
	for chunk := range term.read {
		term.out.WriteString(chunk)
	}
	err := term.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if st, ok := ee.Sys().(syscall.WaitStatus); ok {
			return st.ExitStatus()
		}
	}
	if err != nil {
		term.t.Fatal(err)
	}
	return 0
}

// TestSudoPromptOnTerminal drives `login` and `keys create` through a pty:
// the password prompts appear, what is typed is not echoed, a wrong sudo
// password is said in the product's words and asked again, and the secret
// is printed once.
func TestSudoPromptOnTerminal(t *testing.T) {
	t.Parallel()
	_, url := startPlatform(t)
	dir := t.TempDir()
	common := []string{"--data-dir", dir, "--api-url", url}

	login := startOnPTY(t, append([]string{"login"}, common...)...)
	login.waitFor("Email: ")
	login.typeLine(sandboxtest.Admin)
	login.waitFor("Password for " + sandboxtest.Admin + ": ")
	login.typeLine(sandboxtest.Password)
	if code := login.exit(); code != ExitOK {
		t.Fatalf("login exit %d:\n%s", code, login.out.String())
	}
	if strings.Contains(login.out.String(), sandboxtest.Password) {
		t.Errorf("the password was echoed:\n%s", login.out.String())
	}
	if !strings.Contains(login.out.String(), "Signed in as "+sandboxtest.Admin) {
		t.Errorf("login said:\n%s", login.out.String())
	}

	create := startOnPTY(t, append([]string{"keys", "create", "--name", "pty", "--preset", "read_only"}, common...)...)
	create.waitFor("Confirm your password for " + sandboxtest.Admin + " to create a key: ")
	create.typeLine("wrong-password")
	create.waitFor(wire.MsgWrongPassword)
	create.waitFor("Confirm your password")
	create.typeLine(sandboxtest.Password)
	if code := create.exit(); code != ExitOK {
		t.Fatalf("keys create exit %d:\n%s", code, create.out.String())
	}
	out := create.out.String()
	if strings.Contains(out, sandboxtest.Password) || strings.Contains(out, "wrong-password") {
		t.Errorf("a password was echoed:\n%s", out)
	}
	if n := strings.Count(out, "pm_test_"); n != 1 {
		t.Errorf("the secret appears %d times on the terminal, want once:\n%s", n, out)
	}
	secret := out[strings.Index(out, "pm_test_"):]
	secret = strings.Fields(secret)[0]
	noSecretIn(t, dir, secret)
}
