package app

import (
	"context"
	"time"
)

// MsgSessionExpired is what the sign-in screen says after a session ended
// on its own.
const MsgSessionExpired = "Your session expired. Sign in again."

// CodeSessionExpired is the code of calls refused because the session ended.
const CodeSessionExpired = "session_expired"

// ErrSessionExpired is returned by services when the session has ended.
var ErrSessionExpired = &UIError{Status: 401, Code: CodeSessionExpired, Message: MsgSessionExpired}

const (
	// renewBefore: the embedded platform's session is renewed this long
	// before it expires, so the user never meets its end.
	renewBefore = 10 * time.Minute
	// confirmEvery: a remote session is confirmed with the platform this
	// often, so one ended elsewhere (or by the platform's clock) does not
	// leave the header showing a user who is no longer signed in.
	confirmEvery = time.Minute
)

// rejected ends the session whose token the platform refused (or that is
// past its expiry). A token that is no longer the current one (a call that
// raced a new sign-in) changes nothing. With the embedded platform the
// console signs in again by itself; otherwise the UI goes to sign-in with
// MsgSessionExpired.
func (s *Session) rejected(token string) {
	s.mu.RLock()
	cur := s.cur
	s.mu.RUnlock()
	if cur == nil || cur.Token != token {
		return
	}
	if s.embedded && s.renew(token) == nil {
		return
	}
	s.mu.Lock()
	if s.cur == nil || s.cur.Token != token {
		s.mu.Unlock()
		return
	}
	s.cur, s.sudoToken, s.sudoUntil, s.expired = nil, "", time.Time{}, true
	hooks := append([]func(){}, s.onSignOut...)
	s.mu.Unlock()
	s.client.SetToken("")
	_ = s.db.Delete(keySession)
	s.log.WithField("user", cur.User.Email).Info("session expired")
	for _, h := range hooks {
		h()
	}
	s.emit()
}

// renew signs in to the embedded platform again as the same demo user
// (the admin if the user is not one of the demo sign-ins).
func (s *Session) renew(staleToken string) error {
	s.renewMu.Lock()
	defer s.renewMu.Unlock()
	s.mu.RLock()
	cur := s.cur
	s.mu.RUnlock()
	if cur == nil || cur.Token != staleToken {
		return nil // renewed (or signed out) meanwhile
	}
	if s.autoLogin == nil {
		return ErrSessionExpired
	}
	email, pw, ok := s.autoLogin(context.Background())
	if !ok {
		return ErrSessionExpired
	}
	if s.demo != nil {
		for _, u := range s.demo.Users {
			if u.Email == cur.User.Email {
				email = u.Email
			}
		}
	}
	if _, err := s.SignIn(email, pw); err != nil {
		s.log.WithError(err).Warn("renewing the embedded platform's session failed")
		return err
	}
	s.log.WithField("user", email).Debug("embedded session renewed")
	return nil
}

// keepAlive runs with each health check: it renews the embedded session
// before it expires, and confirms a remote one now and then.
func (s *Session) keepAlive(ctx context.Context) {
	s.mu.RLock()
	cur := s.cur
	s.mu.RUnlock()
	if cur == nil {
		return
	}
	now := s.now()
	if s.embedded {
		if cur.ExpiresAt.Before(now.Add(renewBefore)) {
			_ = s.renew(cur.Token)
		}
		return
	}
	if !cur.ExpiresAt.After(now) {
		s.rejected(cur.Token)
		return
	}
	if now.Sub(s.lastCheck) < confirmEvery {
		return
	}
	s.lastCheck = now
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	// A 401 reaches rejected through the client's hook.
	_, _ = s.client.Me(c)
}
