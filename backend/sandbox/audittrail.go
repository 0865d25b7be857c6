package sandbox

import (
	"net/http"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// auditEntry describes an action by the signed-in user of this request.
func (s *Server) auditEntry(r *http.Request, ss *session, action, target string, detail map[string]any) wire.AuditEntry {
	e := wire.AuditEntry{At: s.now(), Action: action, Target: target, Detail: detail}
	if r != nil {
		e.IP, e.UserAgent = remoteHost(r), r.UserAgent()
	}
	if ss != nil {
		e.Actor, e.Role = ss.user.Email, ss.user.Role
	}
	return e
}

// recordAudit records an entry on its own commit. A failure is logged, not
// answered: the action it records has already happened.
func (s *Server) recordAudit(tenantID string, e wire.AuditEntry) {
	if err := s.auditLog.Record(tenantID, &e); err != nil {
		s.log.WithError(err).WithField("action", e.Action).Error("write audit entry")
	}
}

// actor is who made a change, and from where.
type actor struct {
	email, role, ip, userAgent string
}

func (s *Server) actor(r *http.Request, ss *session) actor {
	a := actor{email: ss.user.Email, role: ss.user.Role}
	if r != nil {
		a.ip, a.userAgent = remoteHost(r), r.UserAgent()
	}
	return a
}

// keyActions maps a key's own audit kinds to tenant-wide actions.
var keyActions = map[string]string{
	"created":             wire.AuditKeyCreated,
	"updated":             wire.AuditKeyUpdated,
	"rotated":             wire.AuditKeyRotated,
	"revoked":             wire.AuditKeyRevoked,
	"permissions_changed": wire.AuditPermissions,
}

// keyEntry is the tenant-wide audit entry of a key's audit event: the
// event's detail, the key's name, and for a permission change the whole
// list before and after; for an update, each changed field before and after.
func (a actor) keyEntry(at time.Time, old *keyRec, rec keyRec, ev wire.AuditEvent) wire.AuditEntry {
	action := keyActions[ev.Kind]
	if action == "" {
		action = "key_" + ev.Kind
	}
	detail := map[string]any{"key_name": rec.Name}
	for k, v := range ev.Detail {
		detail[k] = v
	}
	if old != nil {
		switch ev.Kind {
		case "permissions_changed":
			detail["before"], detail["after"] = old.Permissions, rec.Permissions
		case "updated":
			before, after := map[string]any{}, map[string]any{}
			if fs, ok := ev.Detail["fields"].([]string); ok {
				for _, f := range fs {
					before[f], after[f] = keyField(*old, f), keyField(rec, f)
				}
			}
			detail["before"], detail["after"] = before, after
		}
	}
	who := a.email
	if who == "" { // the platform's own action (e.g. the demo keys it creates)
		who = wire.ActorSystem
	}
	return wire.AuditEntry{At: at, Action: action, Actor: who, Role: a.role, IP: a.ip, UserAgent: a.userAgent,
		Target: rec.ID, Detail: detail}
}

func keyField(r keyRec, f string) any {
	switch f {
	case "name":
		return r.Name
	case "description":
		return r.Description
	case "allowed_ips":
		return r.AllowedIPs
	case "expires_at":
		return r.ExpiresAt
	}
	return nil
}

// auditSignIn records a sign-in or a failed one for the user's tenant.
func (s *Server) auditSignIn(r *http.Request, u userRec, action string, detail map[string]any) {
	s.recordAudit(u.TenantID, wire.AuditEntry{At: s.now(), Action: action, Actor: u.Email, Role: u.Role,
		IP: remoteHost(r), UserAgent: r.UserAgent(), Target: u.Email, Detail: detail})
}

// securityAudit is the audit entry of a security event: raised by an API
// caller (with a key) or by the platform itself.
func securityAudit(ev wire.SecurityEvent) wire.AuditEntry {
	e := wire.AuditEntry{At: ev.At, Action: wire.AuditSecurityEvent, Actor: wire.ActorSystem, IP: ev.IP, Target: ev.KeyID,
		Detail: map[string]any{"kind": ev.Kind, "message": ev.Message, "event_id": ev.ID}}
	if ev.KeyID != "" {
		e.Actor = "api"
		e.Detail["key_name"] = ev.KeyName
	}
	if ev.UserID != "" && e.Target == "" {
		e.Target = ev.UserID
	}
	if ev.Method != "" {
		e.Detail["method"], e.Detail["path"] = ev.Method, ev.Path
	}
	return e
}

// auditMail records an email the platform sent, on behalf of who (a user's
// notification, or the platform's own alert with the actor system).
func (s *Server) auditMail(tenantID string, who wire.AuditEntry, m wire.OutboxEmail) {
	who.At, who.Action, who.Target = m.CreatedAt, wire.AuditNotification, m.ID
	who.Detail = map[string]any{"kind": m.Kind, "key_id": m.KeyID, "subject": m.Subject, "recipients": m.To}
	s.recordAudit(tenantID, who)
}
