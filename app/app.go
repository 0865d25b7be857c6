// Package app is the composition root: it opens the console's data
// directory, starts the embedded platform when no --api-url is given, and
// builds the services bound to the UI (one struct per area), wired by hand.
package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/jobs"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Config is what main.go hands over from the command line.
type Config struct {
	APIURL   string // remote platform; "" starts the embedded one
	DataDir  string
	LogLevel string
	// DemoTraffic makes the embedded platform generate traffic and history,
	// so a new user sees a living console (on by default for the window).
	DemoTraffic bool
	// DemoRateLimit adds rate-limit episodes to the demo traffic (off by
	// default: the demo alone must stay well inside the plan).
	DemoRateLimit bool
	// Mode is "window" or "serve"; shown in Settings.
	Mode string
	// Clock is injected by tests; nil is the real clock.
	Clock func() time.Time
	// InsecureHTTP accepts an http:// APIURL beyond loopback (the user was
	// told passwords and session tokens then cross the network in clear).
	InsecureHTTP bool
	// RemoteUI is set when serve mode answers browsers on other machines:
	// the tester then refuses loopback and private targets, so it cannot
	// carry requests from the network into this machine's services.
	RemoteUI bool
	// PlatformPasswordCost is the embedded platform's bcrypt cost
	// (sandbox.Config.PasswordCost). TESTS ONLY, to keep sign-ins quick
	// under the race detector; 0, the only value real use takes, is the
	// real cost.
	PlatformPasswordCost int
}

// App owns every long-lived part of the console.
type App struct {
	cfg    Config
	Log    *logrus.Logger
	DB     *cache.DB
	Events *Fanout
	// platform is the embedded platform, starting or started; nil with
	// --api-url.
	platform *platformStart
	now      func() time.Time

	Session  *Session
	Keys     *Keys
	Settings *Settings
	Files    *Files
	Clip     *Clipboard
	Docs     *Docs
	Tester   *Tester
	Jobs     *Jobs
	Usage    *Usage
	Window   *Window
	Logs     *Logs
	live     *liveFeed

	cancel context.CancelFunc
	wg     sync.WaitGroup
	// endLife ends the context every call made for the UI runs in, so a
	// stop does not wait for them (see Session.callContext).
	endLife  context.CancelFunc
	stopOnce sync.Once
}

// DefaultDataDir is under the OS config dir.
func DefaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "penguinmails-console")
}

// New opens the data directory and builds the services. Nothing runs until Start.
func New(cfg Config, log *logrus.Logger) (*App, error) {
	if cfg.DataDir == "" {
		cfg.DataDir = DefaultDataDir()
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if err := checkAPIURL(cfg.APIURL, cfg.InsecureHTTP); err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, Log: log, Events: &Fanout{}, now: cfg.Clock}
	db, err := cache.Open(filepath.Join(cfg.DataDir, "console"), cache.Options{
		Encrypt: true,
		KeyFile: filepath.Join(cfg.DataDir, "console.key"),
		Small:   true,
	})
	if err != nil {
		return nil, err
	}
	a.DB = db

	apiURL := cfg.APIURL
	var autoLogin func(ctx context.Context) (string, string, bool)
	var demoPassword string
	if apiURL == "" {
		pw, err := a.embeddedPassword()
		if err != nil {
			db.Close()
			return nil, err
		}
		a.platform, apiURL, err = openPlatform(sandbox.Config{
			DataDir:      filepath.Join(cfg.DataDir, "platform"),
			DemoPassword: pw,
			Logger:       log,
			PasswordCost: cfg.PlatformPasswordCost,
		}, log)
		if err != nil {
			db.Close()
			return nil, err
		}
		demoPassword = pw
		autoLogin = func(context.Context) (string, string, bool) {
			return "admin@demo.penguinmails.test", pw, true
		}
	}
	client, err := platform.NewClient(apiURL, 15*time.Second)
	if err != nil {
		a.closeStorage()
		return nil, BadInput("api_url", err.Error())
	}

	a.Session = newSession(db, log, a.Events, client, a.platform != nil, a.now)
	var life context.Context
	life, a.endLife = context.WithCancel(context.Background())
	a.Session.life = life
	a.Session.insecure = clearText(apiURL)
	a.Session.autoLogin = autoLogin
	if a.platform != nil {
		a.Session.demo = embeddedDemoAccess(demoPassword)
	}
	a.Keys = &Keys{session: a.Session, timeout: 20 * time.Second, clock: a.now}
	a.Settings = &Settings{db: db, log: log, cfg: &a.cfg, session: a.Session}
	a.Files = newFiles()
	a.Window = newWindow(log)
	a.Clip = newClipboard()
	a.Clip.clearOn = func() bool { return a.Settings.prefs().ClearClipboard }
	a.Docs = newDocs(client, db, log, a.now)
	a.Docs.life = life
	a.Session.whenSignedIn(a.Docs.prefetch)
	if a.Tester, err = newTester(a.Session, a.Docs, tester.NewHistory(db, a.now), a.now, cfg.RemoteUI); err != nil {
		a.closeStorage()
		return nil, err
	}
	snaps := cache.NewSnapshots(db, 0, a.now)
	a.live = newLiveFeed(a.Session, a.Events, log)
	a.Usage = newUsage(a.Session, snaps, a.live, log, a.now)
	a.Tester.rate = a.Usage.rateSeen
	a.Logs = newLogs(a.Session, cache.NewPages(db, snaps.Retention, a.now), a.Events, log, a.now)
	a.Usage.files, a.Logs.files = a.Files, a.Files
	if a.Jobs, err = newJobs(jobsDeps{db: db, log: log, session: a.Session, events: a.Events, now: a.now,
		prune: pruneSnapshots(snaps, a.now), snapshot: a.Usage.snapshotJob,
		desktop: desktopFor(cfg.Mode)}); err != nil {
		a.closeStorage()
		return nil, err
	}
	a.Events.Attach(securityListener{a.Jobs})
	// Snapshots written from now on expire with the retention the user chose
	// (the retention job applies it to older ones).
	snaps.SetRetention(time.Duration(a.Jobs.m.Settings().RetentionDays) * 24 * time.Hour)
	return a, nil
}

// desktopFor is where security alerts pop up besides the in-app alert: the
// desktop's notification server, in the window only. A browser tab (serve)
// is often on another session or machine, so notifications stay in the app.
func desktopFor(mode string) jobs.Desktop {
	if mode != "window" {
		return nil
	}
	return jobs.SystemDesktop{AppName: "PenguinMails Console"}
}

// embeddedPassword is the demo password of the embedded platform: made once,
// kept in the encrypted store, so the console can sign itself in.
func (a *App) embeddedPassword() (string, error) {
	key := []byte("embedded/demo-password")
	b, err := a.DB.Get(key)
	if err == nil {
		return string(b), nil
	}
	if !errors.Is(err, cache.ErrNotFound) {
		return "", err
	}
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	pw := base64.RawURLEncoding.EncodeToString(raw)
	return pw, a.DB.Set(key, []byte(pw), 0)
}

// Bindings are the structs whose methods the UI calls, in the window (Wails
// Bind) and in the browser (the bridge).
func (a *App) Bindings() []any {
	return []any{a.Session, a.Keys, a.Settings, a.Docs, a.Tester, a.Jobs, a.Usage, a.Logs, a.Files, a.Clip, a.Window}
}

// Start runs the services. Called once, from the Wails OnStartup or by serve.
func (a *App) Start(ctx context.Context) error {
	ctx, a.cancel = context.WithCancel(ctx)
	context.AfterFunc(ctx, a.endLife) // a stop signal ends calls in flight at once
	sb, err := a.embedded()
	if err != nil {
		return err
	}
	if sb != nil && a.cfg.DemoTraffic {
		var opts []sandbox.DemoOption
		if a.cfg.DemoRateLimit {
			opts = append(opts, sandbox.WithRateLimitEpisodes())
		}
		a.goRun(func() { sb.RunDemoTraffic(ctx, opts...) })
	}
	a.live.Start(ctx) // before the session: its sign-in hook subscribes
	a.Logs.start(ctx)
	if err := a.Session.start(ctx); err != nil {
		return err
	}
	a.goRun(func() { a.Session.watchHealth(ctx, 5*time.Second) })
	a.goRun(func() { a.DB.GCLoop(ctx, 10*time.Minute) })
	a.Jobs.start()
	return nil
}

// StartCommandLine runs what one command of the command line needs and
// nothing the window runs in the background (no jobs, live usage feed,
// health checks or demo traffic): the stored session, or the embedded
// platform's demo sign-in, and the request log's live tail.
func (a *App) StartCommandLine(ctx context.Context) error {
	ctx, a.cancel = context.WithCancel(ctx)
	context.AfterFunc(ctx, a.endLife)
	if _, err := a.embedded(); err != nil {
		return err
	}
	a.Logs.start(ctx)
	return a.Session.start(ctx)
}

// embedded waits for the embedded platform to answer: nil without one, or
// why it could not start (a damaged or locked platform directory).
func (a *App) embedded() (*sandbox.Server, error) {
	if a.platform == nil {
		return nil, nil
	}
	return a.platform.wait()
}

func (a *App) goRun(f func()) {
	a.wg.Add(1)
	go func() { defer a.wg.Done(); f() }()
}

// Stop ends everything and closes storage cleanly: calls in flight and the
// live stream end, the cron stops (a job cut short is not recorded, so it
// catches up at the next start), background loops return, and then the
// embedded platform flushes its counters and usage and both Badger
// databases close. Calling it again does nothing.
func (a *App) Stop() {
	a.stopOnce.Do(func() {
		a.endLife()
		if a.cancel != nil {
			a.cancel()
		}
		a.Session.stop()
		a.live.stop()
		a.Logs.stopTail()
		a.Jobs.stop()
		a.wg.Wait()
		a.Docs.prefetching.Wait() // ended by endLife; it writes to the store
		a.closeStorage()
		a.Log.Info("console stopped cleanly")
	})
}

func (a *App) closeStorage() {
	if sb, _ := a.embedded(); sb != nil {
		if err := sb.Close(); err != nil {
			a.Log.WithError(err).Warn("closing the embedded platform")
		}
	}
	if err := a.DB.Close(); err != nil {
		a.Log.WithError(err).Warn("closing the data directory")
	}
}

// PlatformURL is where the console talks to.
func (a *App) PlatformURL() string { return a.Session.client.BaseURL() }

// Demo returns the embedded platform's demo sign-ins (nil with a remote
// platform), for the command line's prompts. It lives on App, which is not
// bound: the UI never asks for them.
func (a *App) Demo() *DemoAccess { return a.Session.demo }

// AttachWindow hands the Wails context to the services that need the window
// (native Save dialogs, the system clipboard). Called from OnStartup.
func (a *App) AttachWindow(ctx context.Context) {
	a.Files.attachWindow(ctx)
	a.Clip.attachWindow(ctx)
}

// embeddedDemoAccess is what the UI shows of the embedded platform's demo
// sign-ins (Settings, the sign-in screen and the sudo prompt).
func embeddedDemoAccess(password string) *DemoAccess {
	d := &DemoAccess{Password: password}
	for _, u := range sandbox.DemoSignIns() {
		d.Users = append(d.Users, DemoUser{Email: u.Email, Role: u.Role})
	}
	return d
}

// StoredTheme is the theme chosen in Settings (light, dark or auto), for
// painting the window's background before the UI loads.
func (a *App) StoredTheme() string { return a.Settings.prefs().Theme }

// ApplyStoredLogLevel sets the log level saved in Settings unless the
// --log-level flag was given. It lives on App, which is not bound, so the UI
// cannot call it.
func (a *App) ApplyStoredLogLevel(flagSet bool) { a.Settings.applyStoredLogLevel(flagSet) }

// CurrentUser is the signed-in user and tenant, for the command line (not
// bound to the UI, which asks Session.State).
func (a *App) CurrentUser() (wire.User, wire.Tenant, bool) { return a.Session.current() }
