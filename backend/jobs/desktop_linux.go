//go:build linux

package jobs

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	"github.com/godbus/dbus/v5"
)

// SystemDesktop shows notifications through org.freedesktop.Notifications
// on the session bus, or notify-send when D-Bus is not reachable.
type SystemDesktop struct{ AppName string }

// Notify implements Desktop.
func (d SystemDesktop) Notify(title, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	busErr := d.viaDBus(ctx, title, body)
	if busErr == nil {
		return nil
	}
	path, err := exec.LookPath("notify-send")
	if err != nil {
		return fmt.Errorf("no desktop notifications: D-Bus: %v; notify-send not installed", busErr)
	}
	if out, err := exec.CommandContext(ctx, path, "--app-name="+d.AppName, "--urgency=critical", title, body).CombinedOutput(); err != nil {
		return errors.Join(busErr, fmt.Errorf("notify-send: %v: %s", err, out))
	}
	return nil
}

func (d SystemDesktop) viaDBus(ctx context.Context, title, body string) error {
	conn, err := dbus.SessionBus() // shared connection: not closed here
	if err != nil {
		return err
	}
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(2))}
	call := obj.CallWithContext(ctx, "org.freedesktop.Notifications.Notify", 0,
		d.AppName, uint32(0), "dialog-warning", title, body, []string{}, hints, int32(10000))
	return call.Err
}
