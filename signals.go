package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// stopSignals are the signals that ask the console to stop: Ctrl+C in a
// terminal, and SIGTERM from a session logout, `systemctl --user stop` or a
// package upgrade.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// onStopSignal returns a context that ends at the first stop signal, so
// every mode can stop cleanly (cron, live connections, flushes, Badger).
// A second signal means the user does not want to wait: exit at once with
// 128+signal, as a shell reports a process killed by that signal.
func onStopSignal(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, stopSignals...)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			fmt.Fprintf(stderr, "penguinmails-console: %v received, stopping (send it again to exit at once)\n", sig)
			cancel()
		case <-done:
			return
		}
		select {
		case sig := <-ch:
			fmt.Fprintf(stderr, "penguinmails-console: %v received again, exiting without a clean stop\n", sig)
			os.Exit(128 + signalNumber(sig))
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
}

func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return 1
}
