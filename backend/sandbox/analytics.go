package sandbox

import (
	"errors"
	"net/http"

	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/sandbox/usage"
	"github.com/penguinmails/console/backend/wire"
)

// usageQuery reads range|from&to and key_id; a key of another tenant is not found.
func (s *Server) usageQuery(w http.ResponseWriter, r *http.Request, ss *session) (wire.UsageQuery, bool) {
	q := r.URL.Query()
	var uq wire.UsageQuery
	fields := map[string]string{}
	uq.From, uq.To = dateParams(q, fields)
	switch {
	case uq.From == nil && uq.To == nil && len(fields) == 0:
		uq.Range = q.Get("range")
		if uq.Range == "" {
			uq.Range = "24h"
		}
	case q.Get("from") == "":
		fields["from"] = "from " + dateExample + ", with to"
	case q.Get("to") == "":
		fields["to"] = "to " + dateExample + ", with from"
	}
	if len(fields) == 0 {
		fields = usage.Problems(uq)
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
	from, to, err := s.usage.Span(uq)
	var ae *wire.APIError
	if errors.As(err, &ae) {
		writeError(w, ae)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="api-errors.csv"`)
	w.Header().Set("Cache-Control", "private, max-age=60")
	// From the request log: every error answer of the range it keeps, not
	// the few hundred the usage rollups hold for the screen.
	tq, _ := requestlog.Compile(wire.LogQuery{From: &from, To: &to, KeyID: uq.KeyID})
	if err := s.reqlog.WriteErrorsCSV(s.stream(w), ss.tenant.ID, tq, usage.IsError); err != nil {
		s.log.WithError(err).Error("errors.csv")
	}
}
