//go:build linux

package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
)

// ErrNoSessionBus: there is no session bus to show a notification on. The
// console never starts one (D-Bus "autolaunch" would leave a dbus-daemon
// behind that outlives it); the in-app alert is the notification then.
var ErrNoSessionBus = errors.New("no desktop notifications: no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

// SystemDesktop shows notifications through org.freedesktop.Notifications
// on the session bus named by DBUS_SESSION_BUS_ADDRESS, and only there.
type SystemDesktop struct{ AppName string }

// Notify implements Desktop.
func (d SystemDesktop) Notify(title, body string) error {
	addr, err := sessionBusAddress()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A connection of its own, closed after the call: notifications are
	// rare (at most one per desktopMinInterval), and godbus's shared
	// session connection would autolaunch a bus when the address is unset.
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("no desktop notifications: session bus %s: %w", addr, err)
	}
	defer conn.Close()
	obj := conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(2))}
	call := obj.CallWithContext(ctx, "org.freedesktop.Notifications.Notify", 0,
		d.AppName, uint32(0), "dialog-warning", title, body, []string{}, hints, int32(10000))
	if call.Err != nil {
		return fmt.Errorf("no desktop notifications: %w", call.Err)
	}
	return nil
}

// sessionBusAddress is the existing session bus, never an autolaunched one.
func sessionBusAddress() (string, error) {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		return "", ErrNoSessionBus
	}
	for _, a := range strings.Split(addr, ";") {
		if strings.HasPrefix(a, "autolaunch:") {
			return "", fmt.Errorf("no desktop notifications: DBUS_SESSION_BUS_ADDRESS asks for autolaunch (%q), which would start a bus the console does not own", addr)
		}
	}
	return addr, nil
}
