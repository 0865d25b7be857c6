package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
	"golang.org/x/crypto/bcrypt"
)

const (
	sessionTTL = 12 * time.Hour
	sudoTTL    = 15 * time.Minute
)

// session is the signed-in caller of a session-auth route.
type session struct {
	user      userRec
	tenant    tenantRec
	tokenHash string
	expiresAt time.Time
}

func (ss *session) userView() wire.User {
	return wire.User{ID: ss.user.ID, Email: ss.user.Email, Name: ss.user.Name, Role: ss.user.Role}
}

func (ss *session) tenantView() wire.Tenant {
	return wire.Tenant{ID: ss.tenant.ID, Name: ss.tenant.Name, Plan: ss.tenant.Plan}
}

func newToken(prefix string) (token, hash string) {
	var b [32]byte
	rand.Read(b[:])
	token = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, tokenHash(token)
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func tooManyAttempts(wait time.Duration) *wire.APIError {
	sec := int(apikey.CeilSeconds(int64(wait)))
	e := apiErr(http.StatusTooManyRequests, wire.CodeTooManyAttempts, wire.TooManyAttemptsMessage(sec))
	e.RetryAfter = max(1, sec)
	return e
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req wire.LoginRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	fields := map[string]string{}
	if email == "" {
		fields["email"] = "Enter your email"
	} else if utf8.RuneCountInString(email) > maxAddress {
		fields["email"] = "An email address has at most 254 characters"
	}
	if req.Password == "" {
		fields["password"] = "Enter your password"
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	now := s.now()
	subject := "login:" + email + "|" + remoteHost(r)
	if wait := max(s.attempts.blocked(subject, now), s.emailAttempts.blocked(email, now)); wait > 0 {
		writeError(w, tooManyAttempts(wait))
		return
	}
	var u userRec
	err := s.db.GetJSON([]byte(pUser+email), &u)
	if err != nil && !errors.Is(err, cache.ErrNotFound) {
		s.log.WithError(err).Error("read user")
		writeError(w, errInternal)
		return
	}
	if err != nil {
		// Same cost as a real check, so response times don't reveal which emails exist.
		bcrypt.CompareHashAndPassword(s.unknownUserHash(), []byte(req.Password))
	}
	if err != nil || bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(req.Password)) != nil {
		s.attempts.fail(subject, now)
		s.emailAttempts.fail(email, now)
		lockedOut := 0
		if wait := max(s.attempts.blocked(subject, now), s.emailAttempts.blocked(email, now)); wait > 0 {
			lockedOut = int(wait.Round(time.Second) / time.Second) // this failure started a lockout
		}
		if err == nil {
			detail := map[string]any{"reason": "wrong_password"}
			if lockedOut > 0 {
				detail["locked_out_seconds"] = lockedOut
			}
			s.auditSignIn(r, u, wire.AuditSignInFailed, detail)
		} else if tenantID := s.tenantOfDomain(email); tenantID != "" {
			// An unknown email is audited by the tenant whose users share its
			// domain (someone guessing addresses at the admin's company),
			// folded per client IP and minute (signinfolds.go); one of no
			// tenant's domain belongs to no audit.
			s.auditUnknownEmail(r, tenantID, email, lockedOut)
		}
		writeError(w, apiErr(http.StatusUnauthorized, wire.CodeInvalidCredentials, wire.MsgInvalidCredentials))
		return
	}
	s.attempts.reset(subject)
	t, ok := s.tenant(u.TenantID)
	if !ok {
		writeError(w, errInternal)
		return
	}
	token, h := newToken("pms_")
	sr := sessionRec{UserID: u.ID, TenantID: u.TenantID, ExpiresAt: now.Add(sessionTTL)}
	// The Badger TTL only cleans up; validity is decided by ExpiresAt on the sandbox clock.
	if err := s.db.SetJSON([]byte(pSession+h), sessionUser{sessionRec: sr, Email: u.Email}, sessionTTL+time.Hour); err != nil {
		s.log.WithError(err).Error("store session")
		writeError(w, errInternal)
		return
	}
	ss := session{user: u, tenant: t}
	s.auditSignIn(r, u, wire.AuditSignIn, nil)
	writeJSON(w, http.StatusOK, wire.LoginResponse{Token: token, ExpiresAt: sr.ExpiresAt, User: ss.userView(), Tenant: ss.tenantView()})
}

// sessionUser is the stored session: the user is found again by email.
type sessionUser struct {
	sessionRec
	Email string `json:"email"`
}

// dummyHash is a bcrypt hash at bcryptCost of a password nobody has, made
// once and written here rather than at start: every start of the binary (and
// of each child in the kill tests) would otherwise pay a bcrypt run.
var dummyHash = []byte("$2a$10$udtcUcnLp3wCLLf0xrnIIetxgTffwUoNP4l5l7wtK4/j7of9kr58G")

// unknownUserHash is a hash at this run's cost, compared against when the
// email is unknown so that the answer takes as long as for a real user:
// dummyHash at the real cost, one made on first need at a test cost.
func (s *Server) unknownUserHash() []byte {
	if s.cfg.PasswordCost == bcryptCost {
		return dummyHash
	}
	s.dummyHashOnce.Do(func() {
		s.dummyHash, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), s.cfg.PasswordCost)
	})
	return s.dummyHash
}

// bearer extracts a bearer token from the Authorization header.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authSession resolves a session token to the signed-in user.
func (s *Server) authSession(token string) (*session, *wire.APIError) {
	if token == "" || !strings.HasPrefix(token, "pms_") {
		return nil, errUnauthorized
	}
	h := tokenHash(token)
	var su sessionUser
	if err := s.db.GetJSON([]byte(pSession+h), &su); err != nil {
		if !errors.Is(err, cache.ErrNotFound) {
			s.log.WithError(err).Error("read session")
			return nil, errInternal
		}
		return nil, errUnauthorized
	}
	if !s.now().Before(su.ExpiresAt) {
		return nil, errUnauthorized
	}
	var u userRec
	if err := s.db.GetJSON([]byte(pUser+su.Email), &u); err != nil || u.ID != su.UserID {
		return nil, errUnauthorized
	}
	t, ok := s.tenant(u.TenantID)
	if !ok {
		return nil, errUnauthorized
	}
	return &session{user: u, tenant: t, tokenHash: h, expiresAt: su.ExpiresAt}, nil
}

// withSession guards a session-auth route.
func (s *Server) withSession(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ss, e := s.authSession(bearer(r))
		if e != nil {
			writeError(w, e)
			return
		}
		h(w, r, ss)
	}
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, ss *session) {
	writeJSON(w, http.StatusOK, wire.MeResponse{User: ss.userView(), Tenant: ss.tenantView(), ExpiresAt: ss.expiresAt})
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, ss *session) {
	if err := s.db.Delete([]byte(pSession + ss.tokenHash)); err != nil {
		writeError(w, errInternal)
		return
	}
	s.sudo.dropSession(ss.tokenHash)
	s.hub.CloseSession(ss.tokenHash)
	writeJSON(w, http.StatusOK, map[string]string{"message": "Signed out"})
}

// sudoStore holds sudo tokens (hashes only) in memory: they last 15 minutes,
// so a restart simply asks for the password again.
type sudoStore struct {
	mu sync.Mutex
	m  map[string]sudoRec
}

type sudoRec struct {
	userID    string
	session   string
	expiresAt time.Time
}

func newSudoStore() *sudoStore { return &sudoStore{m: map[string]sudoRec{}} }

func (st *sudoStore) add(hash string, r sudoRec) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, v := range st.m {
		if !r.expiresAt.Add(-sudoTTL).Before(v.expiresAt.Add(time.Hour)) { // drop long-dead tokens
			delete(st.m, k)
		}
	}
	st.m[hash] = r
}

func (st *sudoStore) get(hash string) (sudoRec, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.m[hash]
	return r, ok
}

func (st *sudoStore) dropSession(session string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, v := range st.m {
		if v.session == session {
			delete(st.m, k)
		}
	}
}

func (s *Server) handleSudo(w http.ResponseWriter, r *http.Request, ss *session) {
	var req wire.SudoRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	if req.Password == "" {
		writeError(w, invalid(map[string]string{"password": "Enter your password"}))
		return
	}
	now := s.now()
	subject := "sudo:" + ss.user.ID
	if wait := s.attempts.blocked(subject, now); wait > 0 {
		writeError(w, tooManyAttempts(wait))
		return
	}
	if bcrypt.CompareHashAndPassword(ss.user.PasswordHash, []byte(req.Password)) != nil {
		s.attempts.fail(subject, now)
		s.recordAudit(ss.tenant.ID, s.auditEntry(r, ss, wire.AuditSudoFailed, ss.user.Email, nil))
		s.securityEvent(ss.tenant.ID, wire.SecurityEvent{
			Kind: wire.SecSudoFailed, UserID: ss.user.ID, IP: clientIP(r).String(),
			Message: fmt.Sprintf("Failed sudo attempt by %s", ss.user.Email),
		})
		// The user typed only a password here, so the answer names only that.
		writeError(w, apiErr(http.StatusUnauthorized, wire.CodeInvalidCredentials, wire.MsgWrongPassword))
		return
	}
	s.attempts.reset(subject)
	tok, h := newToken("pmsudo_")
	exp := now.Add(sudoTTL)
	s.sudo.add(h, sudoRec{userID: ss.user.ID, session: ss.tokenHash, expiresAt: exp})
	s.recordAudit(ss.tenant.ID, s.auditEntry(r, ss, wire.AuditSudoConfirmed, ss.user.Email,
		map[string]any{"expires_at": exp}))
	writeJSON(w, http.StatusOK, wire.SudoResponse{SudoToken: tok, ExpiresAt: exp})
}

// checkSudo requires a valid sudo token confirmed in this very session: it
// lasts exactly 15 minutes (valid while now < issued + 15 min). A token
// taken to another session of the same user is refused, so a leaked sudo
// token is useless without the session that confirmed it.
func (s *Server) checkSudo(r *http.Request, ss *session) *wire.APIError {
	tok := r.Header.Get("X-Sudo-Token")
	if tok == "" {
		return errSudoRequired
	}
	rec, ok := s.sudo.get(tokenHash(tok))
	if !ok || rec.userID != ss.user.ID || rec.session != ss.tokenHash || !s.now().Before(rec.expiresAt) {
		return errSudoRequired
	}
	return nil
}
