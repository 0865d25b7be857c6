package openapi

import (
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/wire"
)

// The docs' Errors guide shows the product's words, exactly as the API and
// the console say them.
func TestErrorsGuideShowsTheProductsWords(t *testing.T) {
	text := errorsText()
	for _, msg := range []string{wire.MsgInvalidToken, wire.MsgKeyRevoked, wire.MsgInsufficientPermissions, wire.MsgRateLimitExceeded} {
		if !strings.Contains(text, msg) {
			t.Errorf("Errors guide lacks %q", msg)
		}
	}
}
