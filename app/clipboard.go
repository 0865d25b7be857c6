package app

import (
	"context"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// Clipboard copies text for the desktop window. WebKitGTK rejects (or does
// not offer) navigator.clipboard under Wails, so every Copy button in the
// window goes through Go; in a browser the UI uses navigator.clipboard.
// Nothing copied is logged or kept.
type Clipboard struct {
	mu      sync.Mutex
	ctx     context.Context
	setText func(ctx context.Context, text string) error
}

func newClipboard() *Clipboard { return &Clipboard{setText: runtime.ClipboardSetText} }

func (c *Clipboard) attachWindow(ctx context.Context) {
	c.mu.Lock()
	c.ctx = ctx
	c.mu.Unlock()
}

// SetText puts text on the system clipboard.
func (c *Clipboard) SetText(text string) error {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	if ctx == nil {
		return &UIError{Status: 400, Code: "not_available", Message: "The system clipboard is only reachable from the desktop window"}
	}
	if err := c.setText(ctx, text); err != nil {
		return &UIError{Code: CodeInternal, Message: "Could not copy to the clipboard: " + err.Error()}
	}
	return nil
}

// Text reads the system clipboard, for Edit → Paste in the window's menu
// (the page cannot read it by itself under WebKitGTK).
func (c *Clipboard) Text() (string, error) {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	if ctx == nil {
		return "", &UIError{Status: 400, Code: "not_available", Message: "The system clipboard is only reachable from the desktop window"}
	}
	text, err := runtime.ClipboardGetText(ctx)
	if err != nil {
		return "", &UIError{Code: CodeInternal, Message: "Could not read the clipboard: " + err.Error()}
	}
	return text, nil
}
