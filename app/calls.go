package app

import (
	"context"
	"time"
)

// callContext bounds one platform call made for the UI: its own deadline
// decides (the platform client's transport never cuts it shorter), within
// the console's lifetime, so stopping the console ends calls still in
// flight, and an ended call reads as cancelled, never as Offline.
func (s *Session) callContext(timeout time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.life, timeout)
}
