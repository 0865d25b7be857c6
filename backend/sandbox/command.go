package sandbox

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/sirupsen/logrus"
	"golang.org/x/crypto/bcrypt"
)

// Command is the `penguinmails-console sandbox` subcommand: it serves the
// platform on --addr until ctx is cancelled, printing its URL on a line of
// its own and the demo sign-ins.
func Command(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:8787", "address to listen on")
	dataDir := fs.String("data-dir", "", "where the sandbox keeps its Badger data (default: the OS config dir)")
	plan := fs.String("plan", "professional", "plan of the demo tenant: starter, professional or business")
	demoPW := fs.String("demo-password", "", "password of the demo users (random when empty, printed below)")
	demoTraffic := fs.Bool("demo-traffic", false, "send realistic traffic through the gateway and backfill 30 days of history")
	demoRateLimit := fs.Bool("demo-rate-limit", false, "with --demo-traffic: a burst over the plan every 5 minutes (429s on purpose)")
	testClock := fs.Bool("test-clock", false, "enable POST /api/v1/_test/clock (tests only)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	fs.String("api-url", "", "ignored: the sandbox is the platform")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	lvl, err := logrus.ParseLevel(*logLevel)
	if err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := logrus.New()
	log.SetLevel(lvl)
	log.SetOutput(os.Stderr)
	if *dataDir == "" {
		cfgDir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no --data-dir given and no config directory: %w", err)
		}
		*dataDir = filepath.Join(cfgDir, "penguinmails-console", "sandbox-standalone")
	}
	// The plan only changes an existing demo tenant when asked for.
	planGiven := false
	fs.Visit(func(f *flag.Flag) { planGiven = planGiven || f.Name == "plan" })
	if !planGiven {
		*plan = ""
	}
	cfg := Config{DataDir: *dataDir, Plan: *plan, DemoPassword: *demoPW, TestControls: *testClock, Logger: log}
	if *testClock {
		// A platform for tests only (its clock can be moved by anyone):
		// cheap password hashes keep the e2e sign-ins quick. Never the
		// default; see Config.PasswordCost.
		cfg.PasswordCost = bcrypt.MinCost
	}
	srv, err := New(cfg)
	if err != nil {
		return err
	}
	url, err := srv.Listen(*addr)
	if err != nil {
		srv.Close()
		return err
	}
	fmt.Fprintln(stdout, url)
	fmt.Fprintf(stdout, "PenguinMails sandbox platform (data in %s)\n", *dataDir)
	for _, u := range srv.DemoUsers() {
		pw := u.Password
		if pw == "" {
			pw = "(the password set at first start; pass --demo-password to reset it)"
		}
		fmt.Fprintf(stdout, "  sign in as %-9s %s  password: %s\n", u.Role, u.Email, pw)
	}
	if *testClock {
		fmt.Fprintln(stdout, "  test clock enabled: POST /api/v1/_test/clock")
	}
	// Demo traffic writes to the data directory: Close waits for it to
	// return (it does once ctx ends), so a stop never cuts a write short.
	var demo sync.WaitGroup
	if *demoTraffic {
		var opts []DemoOption
		if *demoRateLimit {
			opts = append(opts, WithRateLimitEpisodes())
		}
		demo.Go(func() { srv.RunDemoTraffic(ctx, opts...) })
	}
	<-ctx.Done()
	demo.Wait()
	if err := srv.Close(); err != nil {
		return err
	}
	log.Info("sandbox stopped cleanly")
	return nil
}
