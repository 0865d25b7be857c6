// Package cli is the console's command line for scripts and CI, in the habit
// of the Stripe CLI and gh: `penguinmails-console keys list`, `usage --range
// 30d --format csv`, `login`… It goes through the same app services and the
// same stored session as the window, and with the embedded platform it works
// out of the box the same way (the platform starts on the data directory and
// the console signs in as its demo admin).
//
// Exit codes: 0 ok, 1 error, 2 usage error, 3 not signed in.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitNotSignedIn = 3
)

// IO is where a command reads and writes: os.Stdin/Stdout/Stderr in main,
// buffers or a pty in tests.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, c *invocation) error
}

// commands is the command table; "keys" dispatches on its own sub-commands.
var commands = map[string]command{
	"login":  {"sign in (password from the terminal without echo, or from stdin)", runLogin},
	"logout": {"sign out here and on the platform", runLogout},
	"whoami": {"who is signed in, to which platform", runWhoami},
	"keys":   {"list, show, create, rotate or revoke API keys", runKeys},
	"usage":  {"API usage for a range, as a table, JSON or CSV", runUsage},
	"logs":   {"logs tail: the request log's newest requests, then new ones live", runLogs},
}

// Handles reports whether name is a command-line command (not a mode of main).
func Handles(name string) bool { _, ok := commands[name]; return ok }

// Usage is the command-line part of the binary's help.
func Usage() string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("Command line (for scripts and CI; --json for machine output):\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  penguinmails-console %-7s %s\n", n, commands[n].summary)
	}
	b.WriteString(`
  keys list   [--status active|revoked|expired|all] [--search TEXT]
  keys show   KEY_ID
  keys create --name NAME [--env test|live] (--preset read_only|email_sending|full_access | --permissions P,P…)
              [--description TEXT] [--expires 2027-01-31] [--allow-ip CIDR]…
  keys rotate KEY_ID [--grace now|1h|24h|3d|7d]
  keys revoke KEY_ID
  usage       [--range 24h|7d|30d] [--key KEY_ID] [--format table|json|csv]
  logs tail   [--lines 10] [--follow=false] [--status 4xx|404|key_revoked] [--key KEY_ID] [--method M]
              [--path /emails] [--ip ADDRESS]
  login       [--email EMAIL] [--password-stdin]

Every command also takes --data-dir DIR, --api-url URL (http:// to another machine needs --insecure-http) and --json.
A secret is printed only by keys create and keys rotate, on stdout, once.
Exit codes: 0 ok, 1 error, 2 usage error, 3 not signed in.
`)
	return b.String()
}

// Run runs the command name with its args and returns the exit code.
func Run(ctx context.Context, name string, args []string, stdio IO) int {
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stdio.Stderr, "penguinmails-console: unknown command %q\n", name)
		return ExitUsage
	}
	inv := &invocation{name: name, args: args, io: stdio, in: newInput(stdio.Stdin)}
	err := cmd.run(ctx, inv)
	if inv.app != nil {
		inv.app.Stop()
	}
	if inv.logClose != nil {
		inv.logClose()
	}
	return inv.report(err)
}

// usageError is a mistake on the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// errHelp asks for the usage text.
var errHelp = flag.ErrHelp

// isHelp reports whether err is -h/--help, which is not a failure.
func isHelp(err error) bool { return errors.Is(err, flag.ErrHelp) }
