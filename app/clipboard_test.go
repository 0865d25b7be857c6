package app

import (
	"context"
	"errors"
	"testing"
)

func TestClipboardGoesThroughTheWindow(t *testing.T) {
	c := newClipboard()
	var got string
	c.setText = func(_ context.Context, s string) error { got = s; return nil }
	if err := c.SetText("x"); uiCode(err) != "not_available" {
		t.Fatalf("without a window: %v", err)
	}
	c.attachWindow(context.Background())
	if err := c.SetText("pm_test_abc"); err != nil || got != "pm_test_abc" {
		t.Fatalf("copy: %q %v", got, err)
	}
	c.setText = func(context.Context, string) error { return errors.New("no display") }
	if err := c.SetText("y"); uiCode(err) != CodeInternal {
		t.Fatalf("failure must be reported, got %v", err)
	}
}
