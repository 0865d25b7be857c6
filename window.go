package main

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/penguinmails/console/app"
)

// The window's first size, and its smallest.
const (
	defaultWidth, defaultHeight = 1320, 860
	minWidth, minHeight         = 980, 640
)

// showAnyway shows a window whose UI never said it painted (a UI that
// failed to load must still be seen, with its error).
const showAnyway = 15 * time.Second

// runWindow is the desktop window. It stops the way closing the window
// does when ctx ends (SIGTERM or SIGINT): Wails quits its main loop and
// OnShutdown stops the services and closes the data directory.
func runWindow(ctx context.Context, args []string, stderr io.Writer) error {
	fs, c := newFlags("penguinmails-console", stderr)
	demo := fs.Bool("demo-traffic", true, "let the embedded platform generate demo traffic")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !desktopBuild {
		return errors.New("this binary was built without the Wails desktop tags, so it has no window; build it with `make build` (or use `serve`)")
	}
	if _, err := fs2index(); err != nil {
		return err
	}
	a, log, lock, done, err := c.open("window", *demo, stderr)
	if err != nil {
		return err
	}
	defer done()
	if ctx.Err() != nil { // stopped while opening
		a.Stop()
		return nil
	}
	life := newWindowLife(a)
	defer life.finish()
	go life.quitOn(ctx)
	geo, known := a.WindowGeometry()
	width, height := defaultWidth, defaultHeight
	if known {
		width, height = max(geo.Width, minWidth), max(geo.Height, minHeight)
	}
	start := options.Normal
	if geo.Maximised {
		start = options.Maximised
	}
	a.WhenPainted(life.mapOutOfSight, func() { life.show(geo, known) })
	life.size = [2]int{width, height}
	log.Debug("window: creating")
	err = wails.Run(&options.App{
		Title: "PenguinMails Developer Console",
		// Wails maps a hidden window for a moment while it starts (it
		// shows, then hides it): at the smallest size GTK allows, that
		// moment shows no empty frame. mapOutOfSight gives the real size.
		Width:            1,
		Height:           1,
		WindowStartState: start,
		// Hidden until the UI has drawn real content (Window.Painted,
		// then Window.Drawn): never a white or empty frame.
		StartHidden:      true,
		BackgroundColour: windowBackground(a.StoredTheme()),
		AssetServer:      &assetserver.Options{Assets: uiAssets()},
		Menu:             appMenu(life),
		OnStartup: func(wctx context.Context) {
			log.Debug("window: started")
			life.started(wctx)
			// A second start on this data directory brings us to the front.
			lock.OnShow(life.bringToFront)
			time.AfterFunc(showAnyway, func() { life.mapOutOfSight(); life.show(geo, known) })
			a.Events.Attach(wailsEmitter{wctx})
			a.AttachWindow(wctx)
			if err := a.Start(wctx); err != nil {
				// The embedded platform could not start (a damaged or locked
				// directory): as before the window, the error is printed and
				// the console exits; the hidden window never shows.
				log.WithError(err).Error("console failed to start")
				life.fail(err)
			}
			life.running()
		},
		// Wails quits on SIGTERM/SIGINT by itself too (its own handler),
		// and the stop signal quits it here: only the first quit goes on
		// (keeping the window's size and place), a second one while the
		// loop ends is dropped.
		OnBeforeClose: func(context.Context) (prevent bool) {
			if !life.closing.CompareAndSwap(false, true) {
				return true
			}
			life.keepGeometry()
			return false
		},
		OnDomReady: func(context.Context) { life.domReady() },
		OnShutdown: func(context.Context) { life.stop() },
		Bind:       a.Bindings(),
		Linux: &linux.Options{
			ProgramName:      "penguinmails-console",
			Icon:             appIcon,
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
	if err == nil {
		err = life.startErr()
	}
	return err
}

// windowLife orders the window's lifecycle. Wails calls OnStartup on a
// goroutine of its own while the window opens, so a stop signal (or a
// closed window) can come before the services have started; the quit
// waits for the Wails context and the stop for Start to return.
type windowLife struct {
	a        *app.App
	ready    chan struct{} // closed once OnStartup has the Wails context
	up       chan struct{} // closed once App.Start returned
	finished chan struct{} // closed when wails.Run returned

	mu      sync.Mutex
	wctx    context.Context
	closing atomic.Bool
	failed  atomic.Value // error: App.Start failed, the window quits unseen
	loaded  atomic.Bool  // the page loaded: GTK's main loop runs
	mapped  atomic.Bool  // out of sight, for WebKit to draw
	shown   atomic.Bool  // in its place
	size    [2]int       // the size it opens at
	// normal is the last size and place the window had when it was not
	// maximised: a maximised window keeps them for when it is restored.
	normal app.Geometry
}

func newWindowLife(a *app.App) *windowLife {
	return &windowLife{a: a, ready: make(chan struct{}), up: make(chan struct{}), finished: make(chan struct{})}
}

func (l *windowLife) started(wctx context.Context) {
	l.mu.Lock()
	l.wctx = wctx
	l.mu.Unlock()
	close(l.ready)
}

func (l *windowLife) running() { close(l.up) }

// fail records why the services could not start and quits. A quit asked
// for before GTK's main loop runs is lost (and would use up the one quit
// OnBeforeClose lets through), so it waits for the page to have loaded.
func (l *windowLife) fail(err error) {
	l.failed.Store(err)
	if l.loaded.Load() {
		runtime.Quit(l.context())
	}
}

// domReady is Wails' OnDomReady: the main loop runs.
func (l *windowLife) domReady() {
	l.a.Log.Debug("window: page loaded")
	l.loaded.Store(true)
	if l.startErr() != nil {
		runtime.Quit(l.context())
	}
}

// startErr is why the services could not start, or nil.
func (l *windowLife) startErr() error {
	err, _ := l.failed.Load().(error)
	return err
}

func (l *windowLife) finish() { close(l.finished) }

// context is the Wails context once the window exists, else nil.
func (l *windowLife) context() context.Context {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wctx
}

// mapOutOfSight maps the hidden window far off the screen: WebKit draws
// only in a mapped window, and the user must not see it before it has.
func (l *windowLife) mapOutOfSight() {
	<-l.ready
	if l.closing.Load() || l.startErr() != nil || l.shown.Load() || !l.mapped.CompareAndSwap(false, true) {
		return
	}
	wctx := l.context()
	l.a.Log.Debug("window: mapping out of sight")
	runtime.WindowSetMinSize(wctx, minWidth, minHeight)
	runtime.WindowSetSize(wctx, l.size[0], l.size[1])
	runtime.WindowSetPosition(wctx, offScreen, offScreen)
	runtime.WindowShow(wctx)
}

// offScreen is a position no screen reaches.
const offScreen = -20000

// show puts the window in its place, once: where it was last time
// (maximised again if it was), or centred the first time.
func (l *windowLife) show(g app.Geometry, known bool) {
	<-l.ready
	if l.closing.Load() || l.startErr() != nil || !l.shown.CompareAndSwap(false, true) {
		return
	}
	l.a.Log.WithField("known_place", known).Debug("showing the window")
	wctx := l.context()
	l.mu.Lock()
	l.normal = g
	l.mu.Unlock()
	if known && visible(wctx, g) {
		runtime.WindowSetPosition(wctx, g.X, g.Y)
	} else {
		runtime.WindowCenter(wctx)
	}
	runtime.WindowShow(wctx)
	if g.Maximised {
		runtime.WindowMaximise(wctx)
	}
}

// visible reports whether a window at g would be on one of the screens
// now (a screen may have been unplugged since).
func visible(wctx context.Context, g app.Geometry) bool {
	screens, err := runtime.ScreenGetAll(wctx)
	if err != nil || len(screens) == 0 {
		return true
	}
	for _, s := range screens {
		if g.X+g.Width > 40 && g.Y+40 > 0 && g.X < s.Size.Width-40 && g.Y < s.Size.Height-40 {
			return true
		}
	}
	return false
}

// bringToFront answers a second start on this data directory.
func (l *windowLife) bringToFront() {
	wctx := l.context()
	if wctx == nil {
		return
	}
	runtime.WindowShow(wctx)
	runtime.WindowUnminimise(wctx) // gtk_window_present: raise and focus
}

// keepGeometry stores the window's size, place and maximised state for
// the next start on this data directory.
func (l *windowLife) keepGeometry() {
	wctx := l.context()
	if wctx == nil || !l.shown.Load() {
		return
	}
	l.mu.Lock()
	g := l.normal
	l.mu.Unlock()
	if g.Maximised = runtime.WindowIsMaximised(wctx); !g.Maximised || g.Width == 0 {
		g.X, g.Y = runtime.WindowGetPosition(wctx)
		g.Width, g.Height = runtime.WindowGetSize(wctx)
	}
	l.a.SaveWindowGeometry(g)
}

// quitOn quits the window when ctx ends.
func (l *windowLife) quitOn(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-l.finished:
		return
	}
	select {
	case <-l.ready:
	case <-l.finished:
		return
	}
	runtime.Quit(l.context())
}

// stop runs from OnShutdown, after the main loop ended: the services stop
// once Start has returned (it signs in and subscribes; it does not block
// for long: its calls have their own deadlines).
func (l *windowLife) stop() {
	select {
	case <-l.up:
	case <-l.ready:
		<-l.up
	case <-time.After(10 * time.Second):
		// OnStartup never ran: nothing was started.
	}
	l.a.Stop()
}

// windowBackground matches the UI's body colour so the window does not flash
// white before a dark UI (or dark before a light one) has loaded.
func windowBackground(theme string) *options.RGBA {
	if theme == "dark" {
		return &options.RGBA{R: 36, G: 36, B: 36, A: 255} // Mantine's dark body
	}
	return &options.RGBA{R: 255, G: 255, B: 255, A: 255}
}

type wailsEmitter struct{ ctx context.Context }

func (w wailsEmitter) Emit(event string, data any) { runtime.EventsEmit(w.ctx, event, data) }
