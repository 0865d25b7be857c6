// Command penguinmails-console is the PenguinMails Developer Console: a
// desktop window (default), the embedded platform alone (sandbox), or the
// same UI served to a browser on loopback (serve).
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/buildinfo"
	"github.com/penguinmails/console/cli"
	"github.com/penguinmails/console/instance"
)

//go:embed all:frontend/dist
var embedded embed.FS

//go:embed build/appicon.png
var appIcon []byte

const usage = `PenguinMails Developer Console

Usage:
  penguinmails-console [flags]            the desktop window
  penguinmails-console serve [flags]      the same UI in a browser on loopback
  penguinmails-console sandbox [flags]    the embedded PenguinMails platform alone
  penguinmails-console --version          the version and commit of this build

Common flags:
  --api-url URL      a remote platform instead of the embedded one
  --data-dir DIR     where the database and logs live (default: %s)
  --log-level LEVEL  debug, info, warn or error (default info)
  --insecure-http    allow an http:// --api-url beyond this machine (sends passwords in clear)

serve:    --addr 127.0.0.1:8790  [--demo-traffic=false] [--demo-rate-limit]
          [--allow-remote [--host NAME] [--tls-cert FILE --tls-key FILE]]  HTTPS beyond loopback
sandbox:  --addr 127.0.0.1:8787  [--plan starter|professional|business] [--demo-password PW]
          [--demo-traffic [--demo-rate-limit]] [--test-clock]
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version" || args[0] == "version") {
		fmt.Fprintln(stdout, buildinfo.Get())
		return 0
	}
	mode := "window"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		mode, args = args[0], args[1:]
	}
	ctx, stop := onStopSignal(stderr)
	defer stop()

	var err error
	switch mode {
	case "window":
		err = runWindow(ctx, args, stderr)
	case "serve":
		err = runServe(ctx, args, stdout, stderr)
	case "sandbox":
		err = sandbox.Command(ctx, args, stdout)
	case "help":
		fmt.Fprintf(stdout, usage, app.DefaultDataDir())
		fmt.Fprint(stdout, "\n"+cli.Usage())
		return 0
	default:
		if cli.Handles(mode) {
			return cli.Run(ctx, mode, args, cli.IO{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr})
		}
		err = fmt.Errorf("unknown command %q (want serve, sandbox, keys, usage, login, logout, whoami, or no command for the window; see help)", mode)
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var running *instance.Running
	if errors.As(err, &running) && running.Shown {
		fmt.Fprintf(stderr, "penguinmails-console: already open on %s; its window is now in front.\n", running.DataDir)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "penguinmails-console:", err)
		return 1
	}
	return 0
}

// common are the flags every mode takes.
type common struct {
	apiURL, dataDir, logLevel string
	insecureHTTP              bool
}

func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *common) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, usage, app.DefaultDataDir()) }
	c := &common{}
	fs.StringVar(&c.apiURL, "api-url", "", "remote platform URL")
	fs.StringVar(&c.dataDir, "data-dir", "", "data directory")
	fs.StringVar(&c.logLevel, "log-level", "", "debug, info, warn or error")
	fs.BoolVar(&c.insecureHTTP, "insecure-http", false, "allow an http:// --api-url to a host beyond this machine")
	return fs, c
}

func (c *common) open(mode string, demoTraffic bool, stderr io.Writer) (*app.App, *logrus.Logger, *instance.Lock, func(), error) {
	return c.openWith(app.Config{Mode: mode, DemoTraffic: demoTraffic}, stderr)
}

// openWith takes the data directory for this process (one console per
// directory: a second start gets *instance.Running, never a lock error)
// and opens the app with cfg completed by the common flags. done releases
// both.
func (c *common) openWith(cfg app.Config, stderr io.Writer) (*app.App, *logrus.Logger, *instance.Lock, func(), error) {
	if c.dataDir == "" {
		c.dataDir = app.DefaultDataDir()
	}
	lock, err := instance.Acquire(c.dataDir, cfg.Mode)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	log, closer, err := app.NewLogger(c.dataDir, c.logLevel, stderr)
	if err != nil {
		lock.Release()
		return nil, nil, nil, nil, err
	}
	cfg.APIURL, cfg.DataDir, cfg.LogLevel, cfg.InsecureHTTP = c.apiURL, c.dataDir, c.logLevel, c.insecureHTTP
	a, err := app.New(cfg, log)
	if err != nil {
		closer.Close()
		lock.Release()
		return nil, nil, nil, nil, err
	}
	a.ApplyStoredLogLevel(c.logLevel != "")
	return a, log, lock, func() { closer.Close(); lock.Release() }, nil
}

func uiAssets() fs.FS {
	sub, err := fs.Sub(embedded, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// fs2index checks that the UI was built into the binary.
func fs2index() (fs.FileInfo, error) {
	st, err := fs.Stat(uiAssets(), "index.html")
	if err != nil {
		return nil, errors.New("the UI is not built into this binary (frontend/dist/index.html missing); run `make build`")
	}
	return st, nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, c := newFlags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8790", "address to listen on")
	allowRemote := fs.Bool("allow-remote", false, "serve beyond loopback, over HTTPS")
	hosts := fs.String("host", "", "with --allow-remote: the host names browsers use, comma-separated")
	tlsCert := fs.String("tls-cert", "", "with --allow-remote: PEM certificate (default: self-signed, made once)")
	tlsKey := fs.String("tls-key", "", "with --allow-remote: PEM private key")
	demo := fs.Bool("demo-traffic", true, "let the embedded platform generate demo traffic")
	demoRateLimit := fs.Bool("demo-rate-limit", false, "add a burst over the plan every 5 minutes to the demo traffic (429s on purpose)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := fs2index(); err != nil {
		return err
	}
	if c.dataDir == "" {
		c.dataDir = app.DefaultDataDir()
	}
	served, err := app.Listen(app.ServeOptions{Addr: *addr, AllowRemote: *allowRemote, Hosts: []string{*hosts},
		TLSCert: *tlsCert, TLSKey: *tlsKey, DataDir: c.dataDir})
	if err != nil {
		return err
	}
	ln := served.Listener
	a, log, _, done, err := c.openWith(app.Config{Mode: "serve", DemoTraffic: *demo, DemoRateLimit: *demoRateLimit, RemoteUI: served.TLS}, stderr)
	if err != nil {
		ln.Close()
		return err
	}
	defer done()
	bridge := app.NewBridge(log, uiAssets(), a.Bindings())
	bridge.AllowHosts(served.Hosts...)
	bridge.ServeTLS(served.TLS)
	a.Events.Attach(bridge.Emitter())
	if err := a.Start(ctx); err != nil {
		a.Stop()
		return err
	}
	srv := &http.Server{Handler: bridge.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	for _, n := range served.Notes {
		fmt.Fprintln(stdout, n)
	}
	fmt.Fprintf(stdout, "PenguinMails Developer Console (browser mode), talking to %s\nOpen this URL (its token works once):\n", a.PlatformURL())
	fmt.Fprintf(stdout, "%s/?token=%s\n", served.BaseURL, bridge.Token())
	<-ctx.Done()
	// Browsers first (their websockets and calls), then the services and
	// the data directory; the whole stop fits in the 5 s a service manager
	// is promised.
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	bridge.Close()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	a.Stop()
	return nil
}
