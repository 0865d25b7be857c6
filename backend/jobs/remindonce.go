package jobs

import (
	"context"
	"fmt"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
)

// reminder is one email that must go out once per event: a key's expiry
// date, or one 90-day period of its age.
type reminder struct {
	what  string                            // names it in errors: "reminder for Demo backend"
	mail  wire.NotificationRequest          // carries the event's idempotency key
	done  func() (bool, error)              // the ledger says it went out
	mark  func(notificationID string) error // writes the ledger
	alert func(n Notification) Alert        // the in-app alert once it went out
}

// remindOnce sends r unless the ledger says it went out. The ledger is
// written only after the platform took the email, so a failed send is
// tried again on the next run; the idempotency key makes several consoles
// (and the platform's own reminders) send one email between them.
func (m *Manager) remindOnce(ctx context.Context, p Platform, r reminder) (sent bool, errs []error) {
	done, err := r.done()
	if err != nil || done {
		return false, appendErr(errs, err)
	}
	n, err := m.send(ctx, p, JobExpiryReminders, r.mail)
	if err != nil {
		return false, append(errs, fmt.Errorf("%s: %s", r.what, platform.SanitizeError(err)))
	}
	errs = appendErr(errs, r.mark(n.ID))
	_, err = m.raise(r.alert(n))
	return true, appendErr(errs, err)
}

func appendErr(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}
