package sandbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// keyNotices are the notices for evs, built before the key's transaction
// (finding the admins reads the store).
func (s *Server) keyNotices(who actor, rec keyRec, evs []wire.AuditEvent, now time.Time) []wire.OutboxEmail {
	var out []wire.OutboxEmail
	for _, ev := range evs {
		if m, ok := s.keyNotice(who, rec, ev, now); ok {
			out = append(out, m)
		}
	}
	return out
}

// keyNotice is the email the platform sends the tenant's admins when a
// person creates or revokes a key (PenguinMails' docs: admins hear of every
// new and every revoked key). storeKey writes it in the key's own
// transaction, so a change that was answered always has its notice and a
// failed one never does. The platform's own keys (the demo seed) send none.
func (s *Server) keyNotice(who actor, rec keyRec, ev wire.AuditEvent, now time.Time) (wire.OutboxEmail, bool) {
	var verb string
	switch ev.Kind {
	case "created":
		verb = "created"
	case "revoked":
		verb = "revoked"
	default:
		return wire.OutboxEmail{}, false
	}
	if who.email == "" {
		return wire.OutboxEmail{}, false
	}
	to := s.tenantAdmins(rec.TenantID)
	if len(to) == 0 {
		return wire.OutboxEmail{}, false
	}
	env := "Test"
	if rec.Environment == "live" {
		env = "Live"
	}
	subject := fmt.Sprintf("API key %q was %s", rec.Name, verb)
	var b strings.Builder
	fmt.Fprintf(&b, "%s API key %q (%s, %s) was %s by %s", env, rec.Name, rec.ID, rec.Masked, verb, who.email)
	if who.ip != "" {
		fmt.Fprintf(&b, " from %s", who.ip)
	}
	fmt.Fprintf(&b, " at %s.\n", now.UTC().Format(time.RFC3339))
	if verb == "created" {
		fmt.Fprintf(&b, "Permissions: %s.\n", strings.Join(rec.Permissions, ", "))
	} else {
		b.WriteString("Requests with it are now refused.\n")
	}
	b.WriteString("If you did not expect this, review the key in the PenguinMails Developer Console.\n")
	m := wire.OutboxEmail{ID: orderedID("msg_", now), Kind: wire.NotifyKeyChange, To: to, From: platformFrom,
		Subject: subject, Body: b.String(), KeyID: rec.ID, CreatedAt: now}
	return m, true
}
