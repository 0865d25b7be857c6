package jobs

import (
	"fmt"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/wire"
)

// Repeats of the same security event (same kind, key and IP) within this
// window count on the first alert instead of flooding the history.
const securityCoalesce = 10 * time.Minute

// Desktop notifications are at most this frequent, so an attack does not
// bury the desktop in pop-ups.
const desktopMinInterval = 10 * time.Second

type secRecent struct {
	alertID string
	at      time.Time
}

// HandleSecurityEvent turns a live-stream security event into an in-app
// alert at once, and a desktop notification. It sends no email: the
// platform already emailed the admins. It reports whether a new alert was
// raised (a replayed or repeated event is not).
func (m *Manager) HandleSecurityEvent(ev wire.SecurityEvent) (Alert, bool, error) {
	m.secMu.Lock()
	defer m.secMu.Unlock()
	now := m.now()
	if ev.ID != "" {
		if seen, _ := m.deps.DB.Get([]byte(prefixSecuritySeen + ev.ID)); seen != nil {
			return Alert{}, false, nil // a replay after a reconnect
		}
	}
	at := ev.At
	if at.IsZero() {
		at = now
	}
	group := ev.Kind + "|" + ev.KeyID + "|" + ev.IP
	if r, ok := m.secRecent[group]; ok && now.Sub(r.at) < securityCoalesce {
		if prev, err := m.store.alert(r.alertID); err == nil && prev.Status == AlertNew {
			prev.LastSeen = at
			prev.Occurrences++
			m.markSeen(ev.ID, prev.ID)
			return prev, false, m.store.saveAlert(prev)
		}
	}
	a, err := m.raise(Alert{Kind: KindSecurity, Severity: "critical", At: at, KeyID: ev.KeyID, IP: ev.IP,
		SecurityKind: ev.Kind, Title: securityTitle(ev), Message: securityMessage(ev)})
	if err != nil {
		return a, false, err
	}
	m.secRecent[group] = secRecent{alertID: a.ID, at: now}
	m.markSeen(ev.ID, a.ID)
	m.log.WithFields(logrus.Fields{"kind": ev.Kind, "key_id": ev.KeyID, "ip": ev.IP}).Info("security alert raised")
	if d := m.deps.Desktop; d != nil && m.Settings().DesktopNotifications && now.Sub(m.lastPopup) >= desktopMinInterval && m.sched.ctx.Err() == nil {
		m.lastPopup = now
		title, body := a.Title, a.Message
		// D-Bus may block on a busy session bus; the live stream must not.
		m.sched.goRun(func() {
			if err := d.Notify(title, body); err != nil {
				// Said once at warning level; a desktop without a
				// notification service would otherwise fill the log.
				entry := m.log.WithError(err)
				if m.popupFailed.CompareAndSwap(false, true) {
					entry.Warn("could not show a desktop notification (the in-app alert is shown)")
				} else {
					entry.Debug("could not show a desktop notification")
				}
			}
		})
	}
	return a, true, nil
}

func (m *Manager) markSeen(eventID, alertID string) {
	if eventID == "" {
		return
	}
	if err := m.deps.DB.Set([]byte(prefixSecuritySeen+eventID), []byte(alertID), 7*24*time.Hour); err != nil {
		m.log.WithError(err).Warn("remembering a security event")
	}
}

func securityTitle(ev wire.SecurityEvent) string {
	key := ev.KeyName
	if key == "" {
		key = ev.KeyID
	}
	switch ev.Kind {
	case wire.SecIPViolation:
		return fmt.Sprintf("Blocked request from %s: IP not allowed for key %s", orUnknown(ev.IP), orUnknown(key))
	case wire.SecRevokedKeyUsed:
		return fmt.Sprintf("Revoked key %s was used from %s", orUnknown(key), orUnknown(ev.IP))
	case wire.SecExpiredKeyUsed:
		return fmt.Sprintf("Expired key %s was used from %s", orUnknown(key), orUnknown(ev.IP))
	case wire.SecSudoFailed:
		return "Failed sudo attempt (wrong password)"
	}
	return "Security event: " + ev.Kind
}

// securityMessage is the alert's body: what the title does not say already.
// For a blocked address that is the request and what to do about it (the
// platform's own message restates the title: "Blocked request from IP …").
func securityMessage(ev wire.SecurityEvent) string {
	const emailed = " The platform has emailed the tenant's admins."
	request := strings.TrimSpace(ev.Method + " " + ev.Path)
	if ev.Kind == wire.SecIPViolation && request != "" {
		return fmt.Sprintf("The request was %s, refused with 403 %s. If that address should use the key, add it to the key's IP allow-list.%s", request, wire.CodeIPNotAllowed, emailed)
	}
	msg := strings.TrimRight(strings.TrimSpace(ev.Message), ".")
	if request != "" {
		msg = strings.TrimSpace(fmt.Sprintf("%s (%s)", msg, request))
	}
	return msg + "." + emailed
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}
