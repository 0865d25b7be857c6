package app

import (
	"context"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// SecretClipboardTTL is how long a copied secret stays on the clipboard when
// the "clear the clipboard" setting is on (the default).
const SecretClipboardTTL = 60 * time.Second

// Clipboard copies text for the desktop window. WebKitGTK rejects (or does
// not offer) navigator.clipboard under Wails, so every Copy button in the
// window goes through Go; in a browser the UI uses navigator.clipboard.
// Nothing copied is logged or kept.
type Clipboard struct {
	mu      sync.Mutex
	ctx     context.Context
	setText func(ctx context.Context, text string) error
	getText func(ctx context.Context) (string, error)
	// clearOn says whether a copied secret is cleared after
	// SecretClipboardTTL (the user's setting); nil means on.
	clearOn func() bool
	// pending is the clear scheduled for the last copied secret: a newer
	// copy replaces it, so only the latest secret's timer runs.
	pending *time.Timer
}

func newClipboard() *Clipboard {
	return &Clipboard{setText: runtime.ClipboardSetText, getText: runtime.ClipboardGetText}
}

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
	text, err := c.getText(ctx)
	if err != nil {
		return "", &UIError{Code: CodeInternal, Message: "Could not read the clipboard: " + err.Error()}
	}
	return text, nil
}

// SetSecret copies a secret (an API key, or a snippet holding one) and,
// when the setting is on, clears the clipboard SecretClipboardTTL later —
// but only if it still holds that secret, so whatever the user copied since
// is left alone. It answers whether a clear was scheduled.
func (c *Clipboard) SetSecret(text string) (bool, error) {
	if err := c.SetText(text); err != nil {
		return false, err
	}
	if c.clearOn != nil && !c.clearOn() {
		return false, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending != nil {
		c.pending.Stop()
	}
	ctx := c.ctx
	c.pending = time.AfterFunc(SecretClipboardTTL, func() {
		if cur, err := c.getText(ctx); err == nil && cur == text {
			_ = c.setText(ctx, "")
		}
	})
	return true, nil
}
