package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/wire"
)

// whoamiView is whoami's --json answer.
type whoamiView struct {
	User     wire.User   `json:"user"`
	Tenant   wire.Tenant `json:"tenant"`
	APIURL   string      `json:"api_url"`
	Embedded bool        `json:"embedded"`
	DataDir  string      `json:"data_dir"`
	// Demo: the embedded platform's demo sign-ins, as Settings shows them.
	Demo *app.DemoAccess `json:"demo,omitempty"`
}

func runLogin(ctx context.Context, c *invocation) error {
	fs := c.flags("login")
	email := fs.String("email", "", "email to sign in with")
	fromStdin := fs.Bool("password-stdin", false, "read the password from stdin")
	pos, err := parse(fs, c.args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	if *email == "" && !c.in.tty {
		return usagef("--email is required when stdin is not a terminal")
	}
	a, err := c.open(ctx, false)
	if err != nil {
		return err
	}
	if *email == "" {
		if *email, err = c.in.ask("Email: ", c.io.Stderr); err != nil {
			return err
		}
	}
	if demo := a.Demo(); demo != nil && c.in.tty && !*fromStdin {
		c.warnf("The embedded platform's demo sign-ins use the password %s.", demo.Password)
	}
	var pw string
	if *fromStdin {
		pw, err = c.in.line()
	} else {
		pw, err = c.in.password(ctx, "Password for "+*email+": ", c.io.Stderr)
	}
	if errors.Is(err, errNoInput) {
		return usagef("no password on stdin")
	}
	if err != nil {
		return err
	}
	if _, err := a.Session.SignIn(*email, pw); err != nil {
		return err
	}
	return whoami(c, a)
}

func runLogout(ctx context.Context, c *invocation) error {
	pos, err := parse(c.flags("logout"), c.args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	a, err := c.open(ctx, true)
	if err != nil {
		return err
	}
	u, _, ok := a.CurrentUser()
	if ok {
		if err := a.Session.SignOut(); err != nil {
			return err
		}
	}
	if c.json {
		return c.printJSON(map[string]any{"signed_out": ok, "api_url": a.PlatformURL()})
	}
	if !ok {
		fmt.Fprintln(c.io.Stdout, "You were not signed in.")
		return nil
	}
	fmt.Fprintf(c.io.Stdout, "Signed %s out of %s.\n", u.Email, a.PlatformURL())
	if a.Demo() != nil {
		c.warnf("With the embedded platform the next command signs in as its demo admin again, as the window does.")
	}
	return nil
}

func runWhoami(ctx context.Context, c *invocation) error {
	pos, err := parse(c.flags("whoami"), c.args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	a, err := c.signedIn(ctx)
	if err != nil {
		return err
	}
	return whoami(c, a)
}

func whoami(c *invocation, a *app.App) error {
	u, t, ok := a.CurrentUser()
	if !ok {
		return app.ErrNotSignedIn
	}
	s, err := a.Settings.Get()
	if err != nil {
		return err
	}
	v := whoamiView{User: u, Tenant: t, APIURL: s.APIURL, Embedded: s.Embedded, DataDir: s.DataDir, Demo: a.Demo()}
	if c.json {
		return c.printJSON(v)
	}
	where := "the platform at " + v.APIURL
	if v.Embedded {
		where = "the embedded platform (" + v.APIURL + ")"
	}
	fmt.Fprintf(c.io.Stdout, "Signed in as %s (%s) to %s, %s plan, on %s.\n", u.Email, u.Role, t.Name, t.Plan, where)
	return nil
}
