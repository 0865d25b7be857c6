package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/sandbox/live"
	"github.com/penguinmails/console/backend/sandbox/openapi"
)

// Route is one route as the router registered it, from the operations table.
type Route struct {
	Method, Path string // Path as served, /api/v1 included
	OperationID  string
	Auth         openapi.Auth
	Permission   string   // the scope an API key needs (gateway routes)
	Roles        []string // the roles that may call it; nil: every role
}

// Routes lists what the router serves from the operations table (test
// controls and the catch-all aside), in registration order.
func (s *Server) Routes() []Route { return slices.Clone(s.table) }

// handlers binds each operation of the table to its handler, by operation
// id. A handler's signature matches its operation's Auth: plain for none and
// the stream, a session for session routes, the key being changed for sudo
// routes, the gateway call for API-key routes.
func (s *Server) handlers() map[string]any {
	return map[string]any{
		// sessions and sudo
		"login":             http.HandlerFunc(s.handleLogin),
		"getCurrentSession": s.handleMe,
		"logout":            s.handleLogout,
		"confirmSudo":       s.handleSudo,
		// keys
		"listKeys":             s.handleListKeys,
		"getPermissionCatalog": s.handlePermissions,
		"createKey":            s.handleCreateKey,
		"getKey":               s.handleGetKey,
		"updateKey":            s.handlePatchKey,
		"rotateKey":            s.handleRotateKey,
		"revokeKey":            s.handleRevokeKey,
		// usage analytics and the live stream
		"getApiUsage":       s.handleAPIUsage,
		"exportUsageErrors": s.handleErrorsCSV,
		"openLiveStream":    http.HandlerFunc(s.handleLive),
		// mail and security
		"sendNotification":   s.handleNotify,
		"getOutbox":          s.handleOutbox,
		"listSecurityEvents": s.handleSecurityEvents,
		// request log, audit log, tenant settings (SPEC §8.4)
		"listRequestLog":       s.handleLogs,
		"exportRequestLog":     s.handleLogsCSV,
		"getRequestLogEntry":   s.handleLogEntry,
		"listAudit":            s.handleAudit,
		"exportAudit":          s.handleAuditCSV,
		"getTenantSettings":    s.handleGetTenantSettings,
		"updateTenantSettings": s.handlePatchTenantSettings,
		// docs and health
		"getOpenApiDocument": http.HandlerFunc(handleOpenAPI),
		"getHealth":          http.HandlerFunc(handleHealth),
		// the gateway
		"sendEmail":        gwHandler(s.handleSendEmail),
		"getEmail":         gwHandler(s.handleGetEmail),
		"listContacts":     gwHandler(s.handleListContacts),
		"createContact":    gwHandler(s.handleCreateContact),
		"deleteContact":    gwHandler(s.handleDeleteContact),
		"listCampaigns":    gwHandler(s.handleListCampaigns),
		"createCampaign":   gwHandler(s.handleCreateCampaign),
		"getCampaignStats": gwHandler(s.handleCampaignStats),
	}
}

// routes registers every operation of the table (openapi.Operations) with
// the checks it names: the session, the role, the sudo token, or the
// gateway's key checks with the operation's permission. The document is
// built from the same table, so what is served is what is documented.
func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	hs := s.handlers()
	s.table = s.table[:0]
	for _, op := range openapi.Operations() {
		h, ok := hs[op.ID]
		if !ok {
			panic("sandbox: no handler for operation " + op.ID) // a programming error: every test that starts a sandbox fails
		}
		delete(hs, op.ID)
		m.HandleFunc(op.Pattern(), s.bind(op, h))
		s.table = append(s.table, Route{Method: op.Method, Path: op.FullPath(), OperationID: op.ID, Auth: op.Auth,
			Permission: op.Permission, Roles: op.Roles})
	}
	for id := range hs {
		panic("sandbox: handler " + id + " has no operation in the table")
	}
	if s.cfg.TestControls {
		m.HandleFunc("POST "+openapi.Prefix+"/_test/clock", s.handleTestClock)
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFoundOrWrongMethod(m, w, r) })
	return m
}

// bind wraps h in the checks op's Auth and Roles name.
func (s *Server) bind(op openapi.Op, h any) http.HandlerFunc {
	mismatch := func() http.HandlerFunc {
		panic(fmt.Sprintf("sandbox: the handler of %s does not fit its auth (%T)", op.ID, h))
	}
	switch op.Auth {
	case openapi.AuthNone, openapi.AuthStream:
		if f, ok := h.(http.HandlerFunc); ok {
			return f
		}
	case openapi.AuthSession:
		if f, ok := h.(func(http.ResponseWriter, *http.Request, *session)); ok {
			return s.withSession(roleCheck(op, f))
		}
	case openapi.AuthSudo:
		if f, ok := h.(func(http.ResponseWriter, *http.Request, *session, *keyEntry)); ok {
			return s.withSession(roleCheck(op, s.keyChange(f)))
		}
	case openapi.AuthKey:
		if f, ok := h.(gwHandler); ok {
			return s.gateway(op.FullPath(), op.Permission, f)
		}
	}
	return mismatch()
}

// roleCheck answers 403 forbidden to a role the operation does not allow,
// before anything else is looked at.
func roleCheck(op openapi.Op, h func(http.ResponseWriter, *http.Request, *session)) func(http.ResponseWriter, *http.Request, *session) {
	if op.Roles == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request, ss *session) {
		if !op.Allows(ss.user.Role) {
			writeError(w, errForbidden)
			return
		}
		h(w, r, ss)
	}
}

func handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openapi.JSON())
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
