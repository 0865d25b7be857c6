package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// The session token lives only in the console's encrypted Badger (see
// cache.Options.Encrypt); the sudo token only in memory.
var keySession = []byte("session/current")

type storedSession struct {
	APIURL string `json:"api_url"`
	// Embedded: a session of the embedded platform, which listens on a new
	// port each start, so it is found again by this flag rather than the URL
	// (the command line then keeps the user `login` chose, like the window).
	Embedded  bool        `json:"embedded,omitempty"`
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	User      wire.User   `json:"user"`
	Tenant    wire.Tenant `json:"tenant"`
}

// SessionState is what the UI knows about the connection and sign-in.
type SessionState struct {
	SignedIn  bool         `json:"signed_in"`
	User      *wire.User   `json:"user"`
	Tenant    *wire.Tenant `json:"tenant"`
	APIURL    string       `json:"api_url"`
	Embedded  bool         `json:"embedded"`
	Online    bool         `json:"online"`
	SudoUntil *time.Time   `json:"sudo_until"`
	ExpiresAt *time.Time   `json:"expires_at"`
	// Insecure: the platform is reached over plain HTTP beyond this machine
	// (--insecure-http); the connection bar says "Not encrypted".
	Insecure bool `json:"insecure"`
	// Expired: the last session ended because the platform said it expired
	// or was no longer valid (not a sign-out); the sign-in screen says so.
	Expired bool `json:"expired"`
	// Demo is set only with the embedded platform: its demo sign-ins, so
	// the user can confirm sudo and try the other roles. The password is
	// the embedded sandbox's own, made on this machine; it guards nothing
	// beyond this console's local demo data.
	Demo *DemoAccess `json:"demo,omitempty"`
}

// DemoAccess lists the embedded platform's demo sign-ins.
type DemoAccess struct {
	Password string     `json:"password"`
	Users    []DemoUser `json:"users"`
}

// DemoUser is one demo sign-in.
type DemoUser struct {
	Email string `json:"email"`
	Role  string `json:"role"`
}

// SudoState tells whether sensitive actions can go ahead without a password.
type SudoState struct {
	Active    bool       `json:"active"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// Session signs in and out, keeps the platform client, and holds the sudo
// token for the 15 minutes the platform grants it.
type Session struct {
	db       *cache.DB
	log      *logrus.Logger
	events   Emitter
	client   *platform.Client
	embedded bool
	insecure bool
	now      func() time.Time
	// autoLogin signs in by itself with the embedded platform.
	autoLogin func(ctx context.Context) (email, password string, ok bool)
	demo      *DemoAccess

	uiSeen sync.Once // logs the UI's first call, which the desktop smoke test looks for
	// started is closed once start has returned (the automatic sign-in
	// to the embedded platform has been tried).
	started     chan struct{}
	startedOnce sync.Once
	// life ends when the console stops: every call made for the UI runs
	// within it (see callContext).
	life context.Context

	renewMu sync.Mutex // one renewal of the embedded session at a time
	// lastCheck is when a remote session was last confirmed with the platform.
	lastCheck time.Time

	mu        sync.RWMutex
	cur       *storedSession
	expired   bool
	online    bool
	sudoToken string
	sudoUntil time.Time
	onSignIn  []func()
	onSignOut []func()
}

func newSession(db *cache.DB, log *logrus.Logger, events Emitter, client *platform.Client, embedded bool, now func() time.Time) *Session {
	s := &Session{db: db, log: log, events: events, client: client, embedded: embedded, now: now, online: true, life: context.Background(),
		started: make(chan struct{})}
	client.OnSessionRejected(s.rejected)
	return s
}

// whenSignedIn registers a hook run after every sign-in (jobs and live start then).
func (s *Session) whenSignedIn(f func()) {
	s.mu.Lock()
	s.onSignIn = append(s.onSignIn, f)
	s.mu.Unlock()
}

// whenSignedOut registers a hook run after sign-out.
func (s *Session) whenSignedOut(f func()) {
	s.mu.Lock()
	s.onSignOut = append(s.onSignOut, f)
	s.mu.Unlock()
}

// start restores a stored session (if it is for this platform and still
// valid) or, with the embedded platform, signs in as the demo admin.
func (s *Session) start(ctx context.Context) error {
	defer s.startedOnce.Do(func() { close(s.started) })
	var st storedSession
	if err := s.db.GetJSON(keySession, &st); err == nil && s.storedIsOurs(&st) && st.ExpiresAt.After(s.now()) {
		st.APIURL = s.client.BaseURL()
		s.client.SetToken(st.Token)
		_, err := s.client.Me(ctx)
		if err == nil {
			s.setCurrent(&st)
			return nil
		} else if IsUnreachable(err) {
			// Offline: keep the stored session so cached data stays readable.
			s.setOnline(false)
			s.setCurrent(&st)
			return nil
		}
		s.client.SetToken("")
		_ = s.db.Delete(keySession)
		// The platform no longer knows the session: the sign-in screen says
		// it expired (the embedded platform signs in again below).
		var ae *wire.APIError
		s.mu.Lock()
		s.expired = !s.embedded && errors.As(err, &ae) && ae.Status == 401
		s.mu.Unlock()
	} else if err == nil && s.storedIsOurs(&st) && !s.embedded {
		// Kept past its expiry while the console was closed.
		_ = s.db.Delete(keySession)
		s.mu.Lock()
		s.expired = true
		s.mu.Unlock()
	}
	if s.autoLogin != nil {
		if email, pw, ok := s.autoLogin(ctx); ok {
			if _, err := s.SignIn(email, pw); err != nil {
				s.log.WithError(err).Warn("automatic sign-in to the embedded platform failed")
			}
		}
	}
	return nil
}

// storedIsOurs reports whether a stored session belongs to this platform.
func (s *Session) storedIsOurs(st *storedSession) bool {
	return st.APIURL == s.client.BaseURL() || (st.Embedded && s.embedded)
}

// stop does nothing: the session outlives the process, by design.
func (s *Session) stop() {}

// apiClient returns the platform client when signed in. A session past its
// expiry ends here (the embedded platform's is renewed instead), so no call
// goes out with a token the platform will refuse.
func (s *Session) apiClient() (*platform.Client, error) {
	s.mu.RLock()
	cur := s.cur
	s.mu.RUnlock()
	if cur == nil {
		return nil, ErrNotSignedIn
	}
	if !cur.ExpiresAt.After(s.now()) {
		s.rejected(cur.Token)
		s.mu.RLock()
		renewed := s.cur != nil
		s.mu.RUnlock()
		if !renewed {
			return nil, ErrSessionExpired
		}
	}
	return s.client, nil
}

// current returns the signed-in user and tenant, if any.
func (s *Session) current() (wire.User, wire.Tenant, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.cur == nil {
		return wire.User{}, wire.Tenant{}, false
	}
	return s.cur.User, s.cur.Tenant, true
}

// State is bound to the UI; it is the UI's first call on load (Go's own
// callers use state, so the log line below means the UI really called).
func (s *Session) State() (SessionState, error) {
	s.uiSeen.Do(func() { s.log.Info("the UI reached the Go services") })
	s.awaitAutoSignIn()
	return s.state(), nil
}

// autoSignInWait bounds how long the UI's look at the session waits for
// the embedded platform's automatic sign-in.
const autoSignInWait = 10 * time.Second

// awaitAutoSignIn holds the UI's look at the session until the automatic
// sign-in to the embedded platform has been tried: the platform starts in
// the background, beside the window, and a UI quicker than it must not
// show the sign-in screen for a moment.
func (s *Session) awaitAutoSignIn() {
	if s.autoLogin == nil {
		return
	}
	t := time.NewTimer(autoSignInWait)
	defer t.Stop()
	select {
	case <-s.started:
	case <-t.C:
	}
}

func (s *Session) state() SessionState {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := SessionState{APIURL: s.client.BaseURL(), Embedded: s.embedded, Online: s.online, Demo: s.demo,
		Insecure: s.insecure, Expired: s.expired}
	if s.cur != nil {
		u, t, exp := s.cur.User, s.cur.Tenant, s.cur.ExpiresAt
		st.SignedIn, st.User, st.Tenant, st.ExpiresAt = true, &u, &t, &exp
	}
	if s.sudoToken != "" && s.sudoUntil.After(s.now()) {
		until := s.sudoUntil
		st.SudoUntil = &until
	}
	return st
}

// SignIn signs in with email and password; the platform's words come back on failure.
func (s *Session) SignIn(email, password string) (SessionState, error) {
	if email == "" {
		return SessionState{}, BadInput("email", "Enter your email")
	}
	if password == "" {
		return SessionState{}, BadInput("password", "Enter your password")
	}
	ctx, cancel := s.callContext(20 * time.Second)
	defer cancel()
	res, err := s.client.Login(ctx, email, password)
	if err != nil {
		if IsUnreachable(err) {
			s.setOnline(false)
		}
		return SessionState{}, ToUI(err)
	}
	st := &storedSession{APIURL: s.client.BaseURL(), Embedded: s.embedded, Token: res.Token, ExpiresAt: res.ExpiresAt, User: res.User, Tenant: res.Tenant}
	if err := s.db.SetJSON(keySession, st, time.Until(res.ExpiresAt)); err != nil {
		s.log.WithError(err).Error("could not keep the session")
	}
	s.setOnline(true)
	s.mu.Lock()
	s.expired = false
	s.mu.Unlock()
	s.setCurrent(st)
	s.log.WithFields(logrus.Fields{"user": res.User.Email, "role": res.User.Role}).Info("signed in")
	return s.state(), nil
}

// SignOut ends the session here and on the platform.
func (s *Session) SignOut() error {
	ctx, cancel := s.callContext(10 * time.Second)
	defer cancel()
	if err := s.client.Logout(ctx); err != nil && !IsUnreachable(err) {
		s.log.WithError(err).Warn("platform logout failed; signing out locally")
	}
	_ = s.db.Delete(keySession)
	s.mu.Lock()
	s.cur, s.sudoToken, s.sudoUntil, s.expired = nil, "", time.Time{}, false
	hooks := append([]func(){}, s.onSignOut...)
	s.mu.Unlock()
	for _, h := range hooks {
		h()
	}
	s.emit()
	return nil
}

// Sudo confirms the password; the token is reused until it expires.
func (s *Session) Sudo(password string) (SudoState, error) {
	if password == "" {
		return SudoState{}, BadInput("password", "Enter your password")
	}
	c, err := s.apiClient()
	if err != nil {
		return SudoState{}, err
	}
	ctx, cancel := s.callContext(20 * time.Second)
	defer cancel()
	res, err := c.Sudo(ctx, password)
	if err != nil {
		return SudoState{}, ToUI(err)
	}
	s.mu.Lock()
	s.sudoToken, s.sudoUntil = res.SudoToken, res.ExpiresAt
	s.mu.Unlock()
	s.emit()
	return s.SudoStatus()
}

// SudoStatus reports whether a sudo token is in force.
func (s *Session) SudoStatus() (SudoState, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.sudoToken == "" || !s.sudoUntil.After(s.now()) {
		return SudoState{}, nil
	}
	until := s.sudoUntil
	return SudoState{Active: true, ExpiresAt: &until}, nil
}

// sudo returns the sudo token, or sudo_required so the UI asks for the password.
func (s *Session) sudo() (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.sudoToken == "" || !s.sudoUntil.After(s.now()) {
		return "", &UIError{Status: 403, Code: wire.CodeSudoRequired, Message: wire.MsgSudoRequired}
	}
	return s.sudoToken, nil
}

// dropSudo forgets a sudo token the platform no longer accepts.
func (s *Session) dropSudo() {
	s.mu.Lock()
	s.sudoToken, s.sudoUntil = "", time.Time{}
	s.mu.Unlock()
	s.emit()
}

// isOnline reports whether the platform answered last time.
func (s *Session) isOnline() bool { s.mu.RLock(); defer s.mu.RUnlock(); return s.online }

func (s *Session) setOnline(v bool) {
	s.mu.Lock()
	changed := s.online != v
	s.online = v
	s.mu.Unlock()
	if changed {
		s.emit()
	}
}

func (s *Session) setCurrent(st *storedSession) {
	s.mu.Lock()
	s.cur = st
	hooks := append([]func(){}, s.onSignIn...)
	s.mu.Unlock()
	for _, h := range hooks {
		h()
	}
	s.emit()
}

func (s *Session) emit() {
	s.events.Emit(EventSession, s.state())
}

// watchHealth checks the platform every interval and reports online/offline.
func (s *Session) watchHealth(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c, cancel := context.WithTimeout(ctx, 3*time.Second)
			err := s.client.Health(c)
			cancel()
			if errors.Is(ctx.Err(), context.Canceled) {
				return
			}
			s.setOnline(err == nil)
			if err == nil {
				s.keepAlive(ctx)
			}
		}
	}
}
