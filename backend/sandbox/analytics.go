package sandbox

import (
	"errors"
	"net/http"
	"time"

	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/backend/wire"
)

// usageQuery reads range|from&to and key_id; a key of another tenant is not found.
func (s *Server) usageQuery(w http.ResponseWriter, r *http.Request, ss *session) (wire.UsageQuery, bool) {
	q := r.URL.Query()
	var uq wire.UsageQuery
	fields := map[string]string{}
	from, to := q.Get("from"), q.Get("to")
	switch {
	case from != "" || to != "":
		f, err1 := time.Parse(time.RFC3339, from)
		t, err2 := time.Parse(time.RFC3339, to)
		if err1 != nil {
			fields["from"] = "from " + dateExample
		}
		if err2 != nil {
			fields["to"] = "to " + dateExample
		}
		if err1 == nil && err2 == nil {
			if !t.After(f) {
				fields["to"] = "to must be after from"
			} else if t.Sub(f) > 400*24*time.Hour {
				fields["from"] = "the range may span at most 400 days"
			}
		}
		uq.From, uq.To = &f, &t
	default:
		uq.Range = q.Get("range")
		if uq.Range == "" {
			uq.Range = "24h"
		}
		switch uq.Range {
		case "1h", "24h", "7d", "30d":
		default:
			fields["range"] = "range must be 1h, 24h, 7d or 30d"
		}
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return uq, false
	}
	if id := q.Get("key_id"); id != "" {
		if s.keys.get(ss.tenant.ID, id) == nil {
			writeError(w, errNotFound)
			return uq, false
		}
		uq.KeyID = id
	}
	return uq, true
}

func (s *Server) handleAPIUsage(w http.ResponseWriter, r *http.Request, ss *session) {
	uq, ok := s.usageQuery(w, r, ss)
	if !ok {
		return
	}
	names := map[string]string{}
	for _, e := range s.keys.ofTenant(ss.tenant.ID) {
		st := e.state.Load()
		names[st.rec.ID] = st.rec.Name
	}
	out, err := s.usage.Query(ss.tenant.ID, uq, int64(s.plan(ss.tenant.ID).PerMinute), names)
	if err != nil {
		s.log.WithError(err).Error("usage query")
		writeError(w, errInternal)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleErrorsCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	uq, ok := s.usageQuery(w, r, ss)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="api-errors.csv"`)
	w.Header().Set("Cache-Control", "private, max-age=60")
	from, to, err := s.usage.Span(uq)
	var ae *wire.APIError
	if errors.As(err, &ae) {
		writeError(w, ae)
		return
	}
	// From the request log: every error answer of the range it keeps, not
	// the few hundred the usage rollups hold for the screen.
	tq, _ := requestlog.Compile(wire.LogQuery{From: &from, To: &to, KeyID: uq.KeyID})
	if err := s.reqlog.WriteErrorsCSV(s.stream(w), ss.tenant.ID, tq, usage.IsError); err != nil {
		s.log.WithError(err).Error("errors.csv")
	}
}
