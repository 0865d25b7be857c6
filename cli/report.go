package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/wire"
)

// report prints err in the product's words (as JSON on stderr with --json)
// and returns the exit code.
func (c *invocation) report(err error) int {
	if err == nil {
		return ExitOK
	}
	if isHelp(err) {
		fmt.Fprint(c.io.Stdout, Usage())
		return ExitOK
	}
	var use usageError
	if errors.As(err, &use) {
		if c.json {
			c.jsonError(&app.UIError{Code: "usage", Message: use.msg})
		} else {
			fmt.Fprintf(c.io.Stderr, "penguinmails-console %s: %s\nRun 'penguinmails-console help' for usage.\n", c.name, use.msg)
		}
		return ExitUsage
	}
	var ue *app.UIError
	if !errors.As(err, &ue) {
		var inUse errInUse
		if errors.As(err, &inUse) {
			ue = &app.UIError{Code: "data_dir_in_use", Message: inUse.Error()}
		} else {
			ue = app.ToUI(err).(*app.UIError)
		}
	}
	code := ExitError
	if ue.Code == app.CodeNotSignedIn || ue.Code == wire.CodeUnauthorized {
		code = ExitNotSignedIn
	}
	if c.json {
		c.jsonError(ue)
		return code
	}
	fmt.Fprintf(c.io.Stderr, "penguinmails-console %s: %s\n", c.name, describe(ue))
	if code == ExitNotSignedIn {
		fmt.Fprintln(c.io.Stderr, "Run 'penguinmails-console login' to sign in.")
	}
	return code
}

// describe is the message with what else the error says: each field's
// problem, the permission that was missing, when to try again.
func describe(ue *app.UIError) string {
	var b strings.Builder
	b.WriteString(ue.Message)
	fields := make([]string, 0, len(ue.Fields))
	for f, problem := range ue.Fields {
		if problem != ue.Message || len(ue.Fields) > 1 {
			fields = append(fields, "\n  "+f+": "+problem)
		}
	}
	sort.Strings(fields)
	b.WriteString(strings.Join(fields, ""))
	if len(ue.Required) > 0 {
		b.WriteString("\n  required: " + strings.Join(ue.Required, ", "))
	}
	if ue.RetryAfter > 0 {
		fmt.Fprintf(&b, "\n  Try again in %d s.", ue.RetryAfter)
	}
	return b.String()
}

func (c *invocation) jsonError(ue *app.UIError) {
	b, _ := json.Marshal(map[string]any{"error": ue})
	fmt.Fprintln(c.io.Stderr, string(b))
}

// printJSON writes v to stdout, indented, for scripts (jq, Python…).
func (c *invocation) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.io.Stdout, string(b))
	return err
}
