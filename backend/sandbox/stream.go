package sandbox

import (
	"net/http"
	"time"
)

// streaming lets a long export outlive the server's write timeout while it
// keeps making progress: every write pushes the deadline one timeout further
// (at most once a second, or a quarter of the timeout when that is shorter). A reader that stops reading is still cut off one
// timeout after its last progress, as any other answer would be.
type streaming struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	every time.Duration
	moved time.Time
}

func (s *Server) stream(w http.ResponseWriter) *streaming {
	st := &streaming{w: w, rc: http.NewResponseController(w), every: s.cfg.Timeouts.orDefault().Write}
	st.extend()
	return st
}

func (st *streaming) extend() {
	st.moved = time.Now()
	st.rc.SetWriteDeadline(st.moved.Add(st.every))
}

func (st *streaming) Write(p []byte) (int, error) {
	if time.Since(st.moved) >= min(time.Second, st.every/4) {
		st.extend()
	}
	return st.w.Write(p)
}
