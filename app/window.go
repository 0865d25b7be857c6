package app

import (
	"errors"
	"sync"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/cache"
)

// Window is the desktop window's service. The window starts hidden and
// shows only once the UI has drawn real content, so the user never sees a
// white or empty frame. WebKit draws nothing in an unmapped window, so the
// UI says so twice: Painted when its content is in the page (the window
// is then mapped out of sight, where WebKit can draw it), and Drawn when a
// frame of it was drawn (the window then moves into place). In a browser
// both do nothing.
type Window struct {
	mu                 sync.Mutex
	onPainted, onDrawn func()
	painted, drawn     bool
	log                *logrus.Logger
	content            bool
}

func newWindow(log *logrus.Logger) *Window { return &Window{log: log} }

// Painted is bound to the UI: real content (the sign-in screen or a screen
// of the console) is in the page.
func (w *Window) Painted() error {
	w.debug("window: the UI's content is in the page")
	w.once(&w.painted, w.onPainted)
	return nil
}

// Drawn is bound to the UI: a frame of that content was drawn.
func (w *Window) Drawn() error {
	w.debug("window: the UI's content was drawn")
	w.once(&w.drawn, w.onDrawn)
	return nil
}

// ContentShown is bound to the UI: the first screen has painted real data
// from the platform (not a skeleton). It is logged once, as the marker
// scripts/bench-window.sh times "real content" by.
func (w *Window) ContentShown(screen string) error {
	w.once(&w.content, func() {
		if w.log != nil {
			w.log.WithField("screen", screen).Info("window: real content shown")
		}
	})
	return nil
}

func (w *Window) debug(msg string) {
	if w.log != nil {
		w.log.Debug(msg)
	}
}

func (w *Window) once(done *bool, f func()) {
	w.mu.Lock()
	first := !*done
	*done = true
	w.mu.Unlock()
	if first && f != nil {
		f()
	}
}

// WhenPainted makes the UI's first Window.Painted call painted, and its
// first Window.Drawn call drawn. It is App's, not Window's: every exported
// Window method is bound to the UI.
func (a *App) WhenPainted(painted, drawn func()) {
	a.Window.mu.Lock()
	defer a.Window.mu.Unlock()
	a.Window.onPainted, a.Window.onDrawn = painted, drawn
}

// Geometry is where the window was and how big, kept per data directory.
type Geometry struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

var keyGeometry = []byte("window/geometry")

// WindowGeometry is the window's last size and place on this data
// directory; ok is false the first time.
func (a *App) WindowGeometry() (g Geometry, ok bool) {
	if err := a.DB.GetJSON(keyGeometry, &g); err != nil {
		if !errors.Is(err, cache.ErrNotFound) {
			a.Log.WithError(err).Warn("reading the window's size and place")
		}
		return Geometry{}, false
	}
	return g, g.Width > 0 && g.Height > 0
}

// SaveWindowGeometry keeps the window's size and place for the next start.
func (a *App) SaveWindowGeometry(g Geometry) {
	if err := a.DB.SetJSON(keyGeometry, g, 0); err != nil {
		a.Log.WithError(err).Warn("keeping the window's size and place")
	}
}
