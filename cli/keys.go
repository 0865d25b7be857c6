package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/wire"
)

var keysCommands = map[string]func(ctx context.Context, c *invocation, args []string) error{
	"list":   keysList,
	"show":   keysShow,
	"create": keysCreate,
	"rotate": keysRotate,
	"revoke": keysRevoke,
}

func runKeys(ctx context.Context, c *invocation) error {
	if len(c.args) > 0 && (c.args[0] == "-h" || c.args[0] == "--help" || c.args[0] == "help") {
		return errHelp
	}
	if len(c.args) == 0 || strings.HasPrefix(c.args[0], "-") {
		return usagef("missing sub-command (list, show, create, rotate or revoke) right after keys")
	}
	sub, ok := keysCommands[c.args[0]]
	if !ok {
		return usagef("unknown sub-command %q: want list, show, create, rotate or revoke", c.args[0])
	}
	c.name = "keys " + c.args[0]
	return sub(ctx, c, c.args[1:])
}

func keysList(ctx context.Context, c *invocation, args []string) error {
	fs := c.flags("keys list")
	status := fs.String("status", "all", "active, revoked, expired or all")
	search := fs.String("search", "", "keys whose name or id contains this")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	switch *status {
	case "all", wire.StatusActive, wire.StatusRevoked, wire.StatusExpired:
	default:
		return usagef("--status %q: want active, revoked, expired or all", *status)
	}
	a, err := c.signedIn(ctx)
	if err != nil {
		return err
	}
	list, err := a.Keys.List(wire.KeyListQuery{Status: *status, Q: *search})
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(list)
	}
	if len(list.APIKeys) == 0 {
		fmt.Fprintln(c.io.Stdout, "No keys.")
		return nil
	}
	w := tabwriter.NewWriter(c.io.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tENV\tKEY\tSTATUS\tPERMISSIONS\tLAST USED\tEXPIRES")
	for _, k := range list.APIKeys {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", k.KeyID, k.Name, k.Environment, k.MaskedKey, k.Status,
			len(k.Permissions), when(k.LastUsed, "never"), when(k.ExpiresAt, "never"))
	}
	return w.Flush()
}

func keysShow(ctx context.Context, c *invocation, args []string) error {
	a, id, err := c.keyCommand(ctx, c.flags("keys show"), args, nil)
	if err != nil {
		return err
	}
	k, err := a.Keys.Get(id)
	if err != nil {
		return err
	}
	if c.json {
		return c.printJSON(k)
	}
	w := tabwriter.NewWriter(c.io.Stdout, 0, 0, 2, ' ', 0)
	row := func(label, v string) { fmt.Fprintf(w, "%s\t%s\n", label, v) }
	row("ID", k.KeyID)
	row("Name", k.Name)
	if k.Description != "" {
		row("Description", k.Description)
	}
	row("Environment", k.Environment)
	row("Key", k.MaskedKey)
	row("Status", k.Status)
	row("Permissions", strings.Join(k.Permissions, ", "))
	row("Allowed IPs", orAll(k.AllowedIPs))
	row("Rate limit", fmt.Sprintf("%d/min, burst %d", k.RateLimit, k.Burst))
	row("Created", k.CreatedAt.UTC().Format(time.RFC3339)+" by "+k.CreatedBy)
	row("Last used", when(k.LastUsed, "never"))
	row("Expires", when(k.ExpiresAt, "never"))
	if k.RevokedAt != nil {
		row("Revoked", when(k.RevokedAt, ""))
	}
	if r := k.Rotation; r != nil {
		for i, p := range r.PreviousSecrets {
			label := ""
			if i == 0 {
				label = "Previous secrets"
			}
			row(label, fmt.Sprintf("%s works until %s (%d requests since rotation, last used %s)",
				p.MaskedKey, p.ExpiresAt.UTC().Format(time.RFC3339), p.RequestsSinceRotation, when(p.LastUsed, "never")))
		}
	}
	row("Requests", fmt.Sprintf("%d (%d errors)", k.RequestCount, k.ErrorCount))
	for i, e := range k.TopEndpoints {
		label := ""
		if i == 0 {
			label = "Top endpoints"
		}
		row(label, fmt.Sprintf("%s %s  %d", e.Method, e.Endpoint, e.Requests))
	}
	return w.Flush()
}

// keyCommand parses `keys <sub> KEY_ID [flags]` with fs, runs check on the
// flags, and opens a signed-in console.
func (c *invocation) keyCommand(ctx context.Context, fs *flag.FlagSet, args []string, check func() error) (*app.App, string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, "", err
	}
	if err := want(pos, "KEY_ID"); err != nil {
		return nil, "", err
	}
	if check != nil {
		if err := check(); err != nil {
			return nil, "", err
		}
	}
	a, err := c.signedIn(ctx)
	return a, pos[0], err
}

// stringList is a flag that may be given more than once, or as a,b,c.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func keysCreate(ctx context.Context, c *invocation, args []string) error {
	fs := c.flags("keys create")
	name := fs.String("name", "", "the key's name")
	env := fs.String("env", "test", "test or live")
	desc := fs.String("description", "", "what the key is for")
	preset := fs.String("preset", "", "read_only, email_sending or full_access")
	expires := fs.String("expires", "", "expiry date (2027-01-31 or RFC 3339)")
	var perms, ips stringList
	fs.Var(&perms, "permissions", "permission ids, comma-separated or repeated")
	fs.Var(&ips, "allow-ip", "an IP address or CIDR range allowed to use the key (repeatable)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usagef("--name is required")
	}
	if *env != "test" && *env != "live" {
		return usagef("--env %q: want test or live", *env)
	}
	if (*preset == "") == (len(perms) == 0) {
		return usagef("give either --preset or --permissions")
	}
	req := wire.CreateKeyRequest{Name: *name, Description: *desc, Environment: *env, Permissions: perms, AllowedIPs: ips}
	if *expires != "" {
		t, err := parseExpiry(*expires)
		if err != nil {
			return err
		}
		req.ExpiresAt = &t
	}
	a, err := c.signedIn(ctx)
	if err != nil {
		return err
	}
	if *preset != "" {
		cat, err := a.Keys.Permissions()
		if err != nil {
			return err
		}
		p, ok := cat.Presets[*preset]
		if !ok {
			return usagef("--preset %q: want one of %s", *preset, strings.Join(presetNames(cat), ", "))
		}
		req.Permissions = p
	}
	var res *wire.CreateKeyResponse
	if err := c.withSudo(ctx, a, "create a key", func() (err error) { res, err = a.Keys.Create(req); return }); err != nil {
		return err
	}
	return c.printSecret(res, res.APIKey, fmt.Sprintf("Created %s key %s (%s).", res.Key.Environment, res.Key.KeyID, res.Key.Name))
}

func keysRotate(ctx context.Context, c *invocation, args []string) error {
	fs := c.flags("keys rotate")
	grace := fs.String("grace", wire.GraceDefault, "how long the replaced secret keeps working: now (a leaked key), 1h, 24h, 3d or 7d")
	a, id, err := c.keyCommand(ctx, fs, args, func() error {
		if _, ok := wire.GraceLength(*grace); !ok {
			return usagef("--grace %q: want now, 1h, 24h, 3d or 7d", *grace)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var res *wire.RotateKeyResponse
	if err := c.withSudo(ctx, a, "rotate "+id, func() (err error) { res, err = a.Keys.Rotate(id, *grace); return }); err != nil {
		return err
	}
	previous := "The previous secret works until " + res.PreviousKeyExpiresAt.UTC().Format(time.RFC3339) + "."
	if *grace == wire.GraceNow {
		previous = "The previous secret stopped working at once."
	}
	return c.printSecret(res, res.APIKey, fmt.Sprintf("Rotated key %s (%s). %s", res.Key.KeyID, res.Key.Name, previous))
}

func keysRevoke(ctx context.Context, c *invocation, args []string) error {
	a, id, err := c.keyCommand(ctx, c.flags("keys revoke"), args, nil)
	if err != nil {
		return err
	}
	var res *wire.RevokeKeyResponse
	if err := c.withSudo(ctx, a, "revoke "+id, func() (err error) { res, err = a.Keys.Revoke(id); return }); err != nil {
		return err
	}
	if c.json {
		return c.printJSON(res)
	}
	fmt.Fprintf(c.io.Stdout, "Revoked key %s at %s.\n", res.KeyID, res.RevokedAt.UTC().Format(time.RFC3339))
	return nil
}

// printSecret shows a new secret, the one time it exists outside the
// platform: on stdout only (with --json inside the answer), the summary on
// stderr, so `SECRET=$(penguinmails-console keys create …)` holds just it.
func (c *invocation) printSecret(answer any, secret, summary string) error {
	if c.json {
		return c.printJSON(answer)
	}
	c.warnf("%s\n%s It is printed once, on stdout.", summary, wire.MsgKeyWarning)
	_, err := fmt.Fprintln(c.io.Stdout, secret)
	return err
}

// withSudo runs a sensitive call, asking for the password when the
// platform wants it confirmed (on the terminal without echo, three tries;
// in a script, one line of stdin).
func (c *invocation) withSudo(ctx context.Context, a *app.App, action string, call func() error) error {
	err := call()
	if !hasCode(err, wire.CodeSudoRequired) {
		return err
	}
	u, _, _ := a.CurrentUser()
	if demo := a.Demo(); demo != nil && c.in.tty {
		c.warnf("The embedded platform's demo sign-ins use the password %s.", demo.Password)
	}
	for try := 1; ; try++ {
		pw, err := c.in.password(ctx, fmt.Sprintf("Confirm your password for %s to %s: ", u.Email, action), c.io.Stderr)
		if errors.Is(err, errNoInput) {
			return &app.UIError{Code: wire.CodeSudoRequired,
				Message: wire.MsgSudoRequired + ": run this in a terminal, or give the password on stdin."}
		}
		if err != nil {
			return err
		}
		_, err = a.Session.Sudo(pw)
		if err == nil {
			return call()
		}
		if !c.in.tty || try == 3 || !hasCode(err, wire.CodeInvalidCredentials) {
			return err
		}
		c.warnf("%s", describe(err.(*app.UIError)))
	}
}

func hasCode(err error, code string) bool {
	ue, ok := err.(*app.UIError)
	return ok && ue.Code == code
}

// parseExpiry takes a date (the key works through that day, UTC) or an RFC 3339 time.
func parseExpiry(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d.Add(24*time.Hour - time.Second), nil
	}
	return time.Time{}, usagef("--expires %q: want a date like 2027-01-31 or 2027-01-31T09:00:00Z", s)
}

func presetNames(cat *wire.PermissionCatalog) []string {
	names := make([]string, 0, len(cat.Presets))
	for n := range cat.Presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func when(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return t.UTC().Format(time.RFC3339)
}

func orAll(ips []string) string {
	if len(ips) == 0 {
		return "any"
	}
	return strings.Join(ips, ", ")
}
