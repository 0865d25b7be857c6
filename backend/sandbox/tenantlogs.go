package sandbox

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/penguinmails/console/backend/sandbox/audit"
	"github.com/penguinmails/console/backend/sandbox/requestlog"
	"github.com/penguinmails/console/backend/wire"
)

// The request log and audit routes follow usage's role rule: every role of
// the tenant may read them, support included (SPEC §8.4).

// dateParams reads from and to, naming each bad one in fields.
func dateParams(q url.Values, fields map[string]string) (from, to *time.Time) {
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"from", &from}, {"to", &to}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				fields[p.name] = p.name + " " + dateExample
				continue
			}
			*p.dst = &t
		}
	}
	return from, to
}

// timeParams reads from, to and limit, naming each bad one in fields.
func timeParams(q url.Values, fields map[string]string) (from, to *time.Time, limit int) {
	from, to = dateParams(q, fields)
	if q.Has("limit") { // "limit=" with no value is refused, not read as the default
		n, err := strconv.Atoi(q.Get("limit"))
		if err != nil || n < 1 {
			fields["limit"] = "limit must be a whole number from 1"
		}
		limit = n
	}
	return from, to, limit
}

func logQuery(r *http.Request) (wire.LogQuery, map[string]string) {
	q := r.URL.Query()
	fields := map[string]string{}
	lq := wire.LogQuery{Status: q.Get("status"), KeyID: q.Get("key_id"), Method: q.Get("method"), Path: q.Get("path"),
		IP: q.Get("ip"), RequestID: q.Get("request_id"), Cursor: q.Get("cursor")}
	lq.From, lq.To, lq.Limit = timeParams(q, fields)
	return lq, fields
}

func (s *Server) handleLogs(w http.ResponseWriter, r *http.Request, ss *session) {
	lq, fields := logQuery(r)
	tq, more := requestlog.Compile(lq)
	if e := fieldErrors(fields, more); e != nil {
		writeError(w, e)
		return
	}
	page, err := s.reqlog.Query(ss.tenant.ID, tq, lq.Limit)
	if err != nil {
		s.log.WithError(err).Error("query request log")
		writeError(w, errInternal)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) handleLogEntry(w http.ResponseWriter, r *http.Request, ss *session) {
	e, err := s.reqlog.Get(ss.tenant.ID, r.PathValue("request_id"))
	if errors.Is(err, requestlog.ErrNotFound) {
		writeError(w, errNotFound)
		return
	}
	if err != nil {
		s.log.WithError(err).Error("read request log entry")
		writeError(w, errInternal)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) handleLogsCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	lq, fields := logQuery(r)
	delete(fields, "limit") // an export is complete; limit is ignored
	tq, more := requestlog.Compile(wire.LogQuery{From: lq.From, To: lq.To, Status: lq.Status, KeyID: lq.KeyID,
		Method: lq.Method, Path: lq.Path, IP: lq.IP, RequestID: lq.RequestID, Cursor: lq.Cursor})
	if e := fieldErrors(fields, more); e != nil {
		writeError(w, e)
		return
	}
	csvHeaders(w, "request-log.csv")
	if err := s.reqlog.WriteCSV(s.stream(w), ss.tenant.ID, tq); err != nil {
		// the status is sent; a cut-off export is told apart by its missing rows
		s.log.WithError(err).Error("request log CSV")
	}
}

func auditQuery(r *http.Request) (wire.AuditQuery, map[string]string) {
	q := r.URL.Query()
	fields := map[string]string{}
	aq := wire.AuditQuery{Actor: q.Get("actor"), Action: q.Get("action"), Target: q.Get("target"), Cursor: q.Get("cursor")}
	aq.From, aq.To, aq.Limit = timeParams(q, fields)
	return aq, fields
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request, ss *session) {
	aq, fields := auditQuery(r)
	tq, more := audit.Compile(aq)
	if e := fieldErrors(fields, more); e != nil {
		writeError(w, e)
		return
	}
	page, err := s.auditLog.Query(ss.tenant.ID, tq, aq.Limit)
	if err != nil {
		s.log.WithError(err).Error("query audit log")
		writeError(w, errInternal)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) handleAuditCSV(w http.ResponseWriter, r *http.Request, ss *session) {
	aq, fields := auditQuery(r)
	delete(fields, "limit")
	aq.Limit = 0
	tq, more := audit.Compile(aq)
	if e := fieldErrors(fields, more); e != nil {
		writeError(w, e)
		return
	}
	csvHeaders(w, "audit-log.csv")
	if err := s.auditLog.WriteCSV(s.stream(w), ss.tenant.ID, tq); err != nil {
		s.log.WithError(err).Error("audit CSV")
	}
}

func csvHeaders(w http.ResponseWriter, name string) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
}

// fieldErrors joins two sets of field problems into one invalid_request.
func fieldErrors(a, b map[string]string) *wire.APIError {
	for k, v := range b {
		if _, ok := a[k]; !ok {
			a[k] = v
		}
	}
	if len(a) == 0 {
		return nil
	}
	return invalid(a)
}

// pruneLogs drops request log entries past 30 days and audit entries past
// 90, by the sandbox's clock.
func (s *Server) pruneLogs() {
	now := s.now()
	s.mu.RLock()
	ids := make([]string, 0, len(s.tenants))
	for id := range s.tenants {
		ids = append(ids, id)
	}
	s.mu.RUnlock()
	for _, id := range ids {
		if _, err := s.reqlog.Prune(id, now); err != nil {
			s.log.WithError(err).Warn("prune request log")
		}
		if _, err := s.auditLog.Prune(id, now); err != nil {
			s.log.WithError(err).Warn("prune audit log")
		}
	}
}
