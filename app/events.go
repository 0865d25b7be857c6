package app

import "sync"

// Emitter is the one seam around the runtime's event bus: the Wails runtime
// implements it in the window, the browser bridge over its websocket, and
// tests fake it.
type Emitter interface {
	Emit(event string, data any)
}

// Event names the UI listens to.
const (
	EventConnection    = "connection"    // ConnectionState
	EventSession       = "session"       // SessionState
	EventLiveTick      = "live:tick"     // wire.LiveMessage
	EventLiveState     = "live:state"    // LiveState
	EventSecurityEvent = "live:security" // wire.SecurityEvent
	EventAlert         = "alerts:new"    // jobs.Alert
	EventJobRun        = "jobs:run"      // jobs.JobStatus
	EventLogEntry      = "logs:entry"    // wire.LogEntry (while Logs.Tail is on)
	EventLogTailState  = "logs:tail"     // live.Status of the Logs tail's connection
)

// Fanout sends every event to all attached emitters. Emitters attach when
// the window or a browser connects.
type Fanout struct {
	mu   sync.RWMutex
	outs []Emitter
}

// Attach adds an emitter.
func (f *Fanout) Attach(e Emitter) {
	f.mu.Lock()
	f.outs = append(f.outs, e)
	f.mu.Unlock()
}

// Emit implements Emitter.
func (f *Fanout) Emit(event string, data any) {
	f.mu.RLock()
	outs := f.outs
	f.mu.RUnlock()
	for _, o := range outs {
		o.Emit(event, data)
	}
}
