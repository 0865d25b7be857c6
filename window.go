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
	a, log, done, err := c.open("window", *demo, stderr)
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
	return wails.Run(&options.App{
		Title:            "PenguinMails Developer Console",
		Width:            1320,
		Height:           860,
		MinWidth:         980,
		MinHeight:        640,
		BackgroundColour: windowBackground(a.StoredTheme()),
		AssetServer:      &assetserver.Options{Assets: uiAssets()},
		OnStartup: func(wctx context.Context) {
			life.started(wctx)
			a.Events.Attach(wailsEmitter{wctx})
			a.AttachWindow(wctx)
			if err := a.Start(wctx); err != nil {
				log.WithError(err).Error("console failed to start")
			}
			life.running()
		},
		// Wails quits on SIGTERM/SIGINT by itself too (its own handler),
		// and the stop signal quits it here: only the first quit goes on
		// to gtk_main_quit, a second one while the loop ends is dropped.
		OnBeforeClose: func(context.Context) (prevent bool) { return !life.closing.CompareAndSwap(false, true) },
		OnShutdown:    func(context.Context) { life.stop() },
		Bind:          a.Bindings(),
		Linux: &linux.Options{
			ProgramName:      "penguinmails-console",
			Icon:             appIcon,
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
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

func (l *windowLife) finish() { close(l.finished) }

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
	l.mu.Lock()
	wctx := l.wctx
	l.mu.Unlock()
	runtime.Quit(wctx)
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
