package sandbox

import (
	"net/http"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/sandbox/live"
	"github.com/penguinmails/console/backend/sandbox/openapi"
)

// routes maps SPEC §2's paths onto handlers (Go 1.22 method+path patterns).
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	const v1 = "/api/v1"
	// sessions and sudo
	m.HandleFunc("POST "+v1+"/auth/login", s.handleLogin)
	m.HandleFunc("GET "+v1+"/auth/me", s.withSession(s.handleMe))
	m.HandleFunc("POST "+v1+"/auth/logout", s.withSession(s.handleLogout))
	m.HandleFunc("POST "+v1+"/auth/sudo", s.withSession(s.handleSudo))
	// keys
	m.HandleFunc("GET "+v1+"/platform/api-keys", s.withSession(s.handleListKeys))
	m.HandleFunc("GET "+v1+"/platform/api-keys/permissions", s.withSession(s.handlePermissions))
	m.HandleFunc("POST "+v1+"/platform/api-keys", s.withSession(s.keyChange(s.handleCreateKey)))
	m.HandleFunc("GET "+v1+"/platform/api-keys/{key_id}", s.withSession(s.handleGetKey))
	m.HandleFunc("PATCH "+v1+"/platform/api-keys/{key_id}", s.withSession(s.keyChange(s.handlePatchKey)))
	m.HandleFunc("POST "+v1+"/platform/api-keys/{key_id}/rotate", s.withSession(s.keyChange(s.handleRotateKey)))
	m.HandleFunc("DELETE "+v1+"/platform/api-keys/{key_id}", s.withSession(s.keyChange(s.handleRevokeKey)))
	// mail and security
	m.HandleFunc("POST "+v1+"/platform/notifications", s.withSession(s.handleNotify))
	m.HandleFunc("GET "+v1+"/platform/outbox", s.withSession(s.handleOutbox))
	m.HandleFunc("GET "+v1+"/platform/security-events", s.withSession(s.handleSecurityEvents))
	// usage analytics
	m.HandleFunc("GET "+v1+"/tenant/analytics/api-usage", s.withSession(s.handleAPIUsage))
	m.HandleFunc("GET "+v1+"/tenant/analytics/api-usage/errors.csv", s.withSession(s.handleErrorsCSV))
	m.HandleFunc("GET "+v1+"/tenant/analytics/api-usage/live", s.handleLive)
	// request log, audit log, tenant settings (SPEC §8.4)
	m.HandleFunc("GET "+v1+"/tenant/logs", s.withSession(s.handleLogs))
	m.HandleFunc("GET "+v1+"/tenant/logs.csv", s.withSession(s.handleLogsCSV))
	m.HandleFunc("GET "+v1+"/tenant/logs/{request_id}", s.withSession(s.handleLogEntry))
	m.HandleFunc("GET "+v1+"/tenant/audit", s.withSession(s.handleAudit))
	m.HandleFunc("GET "+v1+"/tenant/audit.csv", s.withSession(s.handleAuditCSV))
	m.HandleFunc("GET "+v1+"/tenant/settings", s.withSession(s.handleGetTenantSettings))
	m.HandleFunc("PATCH "+v1+"/tenant/settings", s.withSession(s.handlePatchTenantSettings))
	// docs
	m.HandleFunc("GET "+v1+"/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Write(openapi.JSON())
	})
	// the gateway
	gw := func(method, path, perm string, h gwHandler) {
		m.HandleFunc(method+" "+v1+path, s.gateway(v1+path, perm, h))
	}
	gw("POST", "/emails/send", PermSendEmail, s.handleSendEmail)
	gw("GET", "/emails/{id}", PermSendEmail, s.handleGetEmail)
	gw("GET", "/contacts", PermReadContacts, s.handleListContacts)
	gw("POST", "/contacts", PermWriteContacts, s.handleCreateContact)
	gw("DELETE", "/contacts/{email}", PermDeleteContacts, s.handleDeleteContact)
	gw("GET", "/campaigns", PermReadCampaigns, s.handleListCampaigns)
	gw("POST", "/campaigns", PermWriteCampaigns, s.handleCreateCampaign)
	gw("GET", "/analytics/campaigns/{id}", PermReadAnalytics, s.handleCampaignStats)

	if s.cfg.TestControls {
		m.HandleFunc("POST "+v1+"/_test/clock", s.handleTestClock)
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFoundOrWrongMethod(m, w, r) })
	return m
}

// notFoundOrWrongMethod answers what the catch-all route caught: 405 with an
// Allow header when the path exists for other methods (the catch-all hides
// ServeMux's own 405), otherwise 404.
func notFoundOrWrongMethod(m *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := m.Handler(probe); pattern != "/" && pattern != "" {
			allowed = append(allowed, method)
		}
	}
	if len(allowed) == 0 {
		writeError(w, errNotFound)
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	writeError(w, apiErr(http.StatusMethodNotAllowed, "method_not_allowed",
		r.Method+" is not allowed here; use "+strings.Join(allowed, " or ")))
}

// handleLive is the live websocket. Browsers cannot set headers on a
// websocket handshake, so the session token is accepted as ?token= as well as
// Authorization: Bearer (Go clients).
func (s *Server) handleLive(w http.ResponseWriter, r *http.Request) {
	tok := bearer(r)
	if tok == "" {
		tok = r.URL.Query().Get("token")
	}
	ss, e := s.authSession(tok)
	if e != nil {
		writeError(w, e)
		return
	}
	s.hub.ServeSession(w, r, ss.tenant.ID, live.Session{ID: ss.tokenHash, ExpiresAt: ss.expiresAt})
}

// testClockRequest moves the sandbox clock (TestControls only).
type testClockRequest struct {
	AdvanceSeconds float64    `json:"advance_seconds,omitempty"`
	Set            *time.Time `json:"set,omitempty"`
}

func (s *Server) handleTestClock(w http.ResponseWriter, r *http.Request) {
	var req testClockRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	if req.Set != nil {
		s.offset.Store(int64(req.Set.Sub(s.clock.Now())))
	} else {
		s.offset.Add(int64(req.AdvanceSeconds * float64(time.Second)))
	}
	writeJSON(w, http.StatusOK, map[string]time.Time{"now": s.now()})
}
