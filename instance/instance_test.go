package instance

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
)

// A second start on a held directory is told who holds it, asks it to show
// its window, and gets the directory once the first lets go.
func TestSecondStartAsksTheFirstToShow(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir, "window")
	if err != nil {
		t.Fatal(err)
	}
	var shown atomic.Int32
	first.OnShow(func() { shown.Add(1) })

	_, err = Acquire(dir, "window")
	var r *Running
	if !errors.As(err, &r) {
		t.Fatalf("a second start: want *Running, got %v", err)
	}
	if !r.Shown || shown.Load() != 1 || r.Mode != "window" || r.PID <= 0 {
		t.Fatalf("running %+v, show called %d times", r, shown.Load())
	}
	if !strings.Contains(err.Error(), "already running on "+dir) {
		t.Fatalf("message: %v", err)
	}

	first.Release()
	again, err := Acquire(dir, "serve")
	if err != nil {
		t.Fatalf("after the first let go: %v", err)
	}
	again.Release()
}

// A holder with nothing to show (browser mode) says so; the second start
// still gets a message naming the mode, not a lock error.
func TestHolderWithoutWindow(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir, "serve")
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()
	_, err = Acquire(dir, "window")
	var r *Running
	if !errors.As(err, &r) || r.Shown || r.Mode != "serve" {
		t.Fatalf("got %+v %v", r, err)
	}
	if !strings.Contains(err.Error(), "serve mode") {
		t.Fatalf("message: %v", err)
	}
}
