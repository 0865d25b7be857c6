package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/cache"
)

// invocation is one run of a command: its flags, terminal and services.
type invocation struct {
	name string
	args []string
	io   IO
	in   *input

	// Flags every command takes.
	dataDir, apiURL, logLevel string
	json, insecureHTTP        bool

	app      *app.App
	logClose func()
}

// flags returns a flag set for name with the common flags bound.
// embeddedPasswordCost is the embedded platform's bcrypt cost: 0 (the real
// cost) except in this package's tests, which set bcrypt.MinCost so that
// every command's sign-in stays quick under the race detector.
var embeddedPasswordCost int

func (c *invocation) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // report prints the error once, in our words
	fs.StringVar(&c.dataDir, "data-dir", "", "data directory")
	fs.StringVar(&c.apiURL, "api-url", "", "a remote platform instead of the embedded one")
	fs.StringVar(&c.logLevel, "log-level", "", "level of the log file")
	fs.BoolVar(&c.json, "json", false, "machine output")
	fs.BoolVar(&c.insecureHTTP, "insecure-http", false, "allow an http:// --api-url to another machine")
	return fs
}

// parse parses flags wherever they stand among the arguments (`keys show
// key_1 --json` as well as `keys show --json key_1`) and returns the others.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if isHelp(err) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

// want checks the number of positional arguments.
func want(pos []string, names ...string) error {
	if len(pos) < len(names) {
		return usagef("missing %s", names[len(pos)])
	}
	if len(pos) > len(names) {
		return usagef("unexpected argument %q", pos[len(names)])
	}
	return nil
}

// errInUse says the data directory is held by a running console.
type errInUse struct{ dir string }

func (e errInUse) Error() string {
	return "the console is already running on " + e.dir + " (its window or serve mode holds the database). " +
		"Close it and run this again, or use --data-dir DIR for another data directory, or --api-url URL for a remote platform."
}

// open starts the console's services on the data directory (and the
// embedded platform when there is no --api-url). With restore it takes up
// the stored session, or signs in to the embedded platform as its demo
// admin, as the window does at start.
func (c *invocation) open(ctx context.Context, restore bool) (*app.App, error) {
	dir := c.dataDir
	if dir == "" {
		dir = app.DefaultDataDir()
	}
	// The terminal gets the command's own output only; the log goes to the
	// data directory's file, through the same secret-masking formatter.
	log, closer, err := app.NewLogger(dir, c.logLevel, io.Discard)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	c.logClose = func() { closer.Close() }
	a, err := app.New(app.Config{APIURL: c.apiURL, DataDir: dir, LogLevel: c.logLevel, Mode: "cli", InsecureHTTP: c.insecureHTTP,
		PlatformPasswordCost: embeddedPasswordCost}, log)
	if errors.Is(err, cache.ErrLocked) {
		return nil, errInUse{dir}
	}
	var ue *app.UIError
	if errors.As(err, &ue) && ue.Fields["api_url"] != "" {
		return nil, usagef("--api-url: %s", ue.Fields["api_url"])
	}
	if err != nil {
		return nil, err
	}
	c.app = a
	a.ApplyStoredLogLevel(c.logLevel != "")
	if restore {
		if err := a.StartCommandLine(ctx); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// signedIn opens the services and fails with "not signed in" (exit 3)
// when there is no session.
func (c *invocation) signedIn(ctx context.Context) (*app.App, error) {
	a, err := c.open(ctx, true)
	if err != nil {
		return nil, err
	}
	if _, _, ok := a.CurrentUser(); !ok {
		return nil, app.ErrNotSignedIn
	}
	return a, nil
}

func (c *invocation) warnf(format string, a ...any) {
	fmt.Fprintf(c.io.Stderr, format+"\n", a...)
}
