//go:build !linux

package jobs

import "errors"

// SystemDesktop shows no notifications outside Linux yet; the in-app alert
// is the notification there.
type SystemDesktop struct{ AppName string }

// Notify implements Desktop.
func (SystemDesktop) Notify(title, body string) error {
	return errors.New("desktop notifications are not supported on this system yet")
}
