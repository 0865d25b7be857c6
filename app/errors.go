package app

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// UIError is how every error crosses to the UI, in the window and in the
// browser bridge alike. Wails hands a bound method's error to JavaScript as
// err.Error(), so Error() is the JSON the TS layer parses into an ApiError.
type UIError struct {
	Status     int               `json:"status,omitempty"`
	Code       string            `json:"code"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields,omitempty"`
	RetryAfter int               `json:"retry_after,omitempty"`
	Required   []string          `json:"required,omitempty"`
	UpgradeURL string            `json:"upgrade_url,omitempty"`
}

func (e *UIError) Error() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// Console-side error codes (the platform's own are in backend/platform).
const (
	CodeNotSignedIn = "not_signed_in"
	CodeOffline     = wire.CodeUnreachable
	CodeBadInput    = wire.CodeInvalidRequest
	CodeInternal    = wire.CodeInternal
)

// BadInput is a validation error naming the field that is wrong.
func BadInput(field, problem string) *UIError {
	return &UIError{Status: 400, Code: CodeBadInput, Message: problem, Fields: map[string]string{field: problem}}
}

// ErrNotSignedIn is returned by services that need a session when there is none.
var ErrNotSignedIn = &UIError{Status: 401, Code: CodeNotSignedIn, Message: "Sign in to continue"}

// ToUI turns any error into a *UIError the UI can show in the product's
// words: platform answers keep their code and message, a platform that
// cannot be reached becomes "offline", and anything else is internal with a
// message that leaks nothing.
func ToUI(err error) error {
	if err == nil {
		return nil
	}
	var ue *UIError
	if errors.As(err, &ue) {
		return ue
	}
	var ae *wire.APIError
	if errors.As(err, &ae) {
		return &UIError{Status: ae.Status, Code: ae.Code, Message: ae.Message, Fields: ae.Fields,
			RetryAfter: ae.RetryAfter, Required: ae.Required, UpgradeURL: ae.UpgradeURL}
	}
	if isCanceled(err) {
		return &UIError{Code: wire.CodeCanceled, Message: "The request was cancelled."}
	}
	if isTimeout(err) {
		return &UIError{Code: wire.CodeTimeout, Message: "The platform did not answer in time. Try again."}
	}
	if IsUnreachable(err) {
		return &UIError{Code: CodeOffline, Message: "Cannot reach the PenguinMails platform. Check the connection and try again."}
	}
	if errors.Is(err, cache.ErrLocked) || errors.Is(err, cache.ErrCorrupt) {
		return &UIError{Code: CodeInternal, Message: err.Error()}
	}
	return &UIError{Code: CodeInternal, Message: wire.MsgInternal}
}

// IsUnreachable reports whether err means the platform could not be reached
// (refused, DNS, no route, no connection in time), the one fault that turns
// the console Offline. A call that was cancelled or ran past its deadline on
// an open connection is not: the user moved on, or the platform is slow.
func IsUnreachable(err error) bool {
	if err == nil || isCanceled(err) || isTimeout(err) {
		return false
	}
	var ue *url.Error
	var ne net.Error
	var oe *net.OpError
	return errors.Is(err, platform.ErrUnreachable) || errors.As(err, &ue) || errors.As(err, &ne) || errors.As(err, &oe)
}

func isCanceled(err error) bool {
	return errors.Is(err, platform.ErrCanceled) || errors.Is(err, context.Canceled)
}

func isTimeout(err error) bool {
	return errors.Is(err, platform.ErrTimeout) ||
		(!errors.Is(err, platform.ErrUnreachable) && errors.Is(err, context.DeadlineExceeded))
}
