package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
)

func uiCode(err error) string {
	var ue *UIError
	if errors.As(err, &ue) {
		return ue.Code
	}
	return ""
}

// grepDir reports the files under dir that contain s.
func grepDir(t *testing.T, dir, s string) []string {
	t.Helper()
	var hits []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), s) {
			hits = append(hits, p)
		}
		return nil
	})
	return hits
}

func TestEmbeddedPlatformSignsInAsDemoAdmin(t *testing.T) {
	dir := t.TempDir()
	a := startApp(t, Config{DataDir: dir})
	st, _ := a.Session.State()
	if !st.SignedIn || st.User.Role != wire.RoleAdmin || !st.Embedded || st.Tenant.Plan != "professional" {
		t.Fatalf("state after start: %+v", st)
	}
	// The demo sign-ins are shown, so sudo can be confirmed and the other
	// roles tried: the password really works for sudo.
	if st.Demo == nil || len(st.Demo.Users) != 3 || st.Demo.Password == "" {
		t.Fatalf("demo access: %+v", st.Demo)
	}
	if _, err := a.Session.Sudo(st.Demo.Password); err != nil {
		t.Fatalf("sudo with the shown demo password: %v", err)
	}
	list, err := a.Keys.List(wire.KeyListQuery{Status: "all"})
	if err != nil {
		t.Fatalf("list keys: %v", err)
	}
	if list.Total != len(list.APIKeys) {
		t.Fatalf("total %d vs %d keys", list.Total, len(list.APIKeys))
	}
	a.Stop()

	// A restart restores the session from the encrypted store.
	a = startApp(t, Config{DataDir: dir})
	defer a.Stop()
	if st, _ := a.Session.State(); !st.SignedIn {
		t.Fatal("not signed in after restart")
	}
}

func TestRemoteSignInWrongPasswordSignOut(t *testing.T) {
	url := startPlatform(t)
	dir := t.TempDir()
	a := startApp(t, Config{DataDir: dir, APIURL: url})
	defer a.Stop()

	if st, _ := a.Session.State(); st.SignedIn || st.Embedded || st.APIURL != url || st.Demo != nil {
		t.Fatalf("a remote platform must start signed out: %+v", st)
	}
	if _, err := a.Keys.List(wire.KeyListQuery{}); uiCode(err) != CodeNotSignedIn {
		t.Fatalf("keys while signed out: %v", err)
	}
	_, err := a.Session.SignIn("admin@demo.penguinmails.test", "not-the-password")
	var ue *UIError
	if !errors.As(err, &ue) || ue.Code != wire.CodeInvalidCredentials || ue.Message == "" {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := a.Session.SignIn("", "x"); uiCode(err) != CodeBadInput {
		t.Fatalf("empty email: %v", err)
	}
	st, err := a.Session.SignIn("admin@demo.penguinmails.test", demoPW)
	if err != nil || !st.SignedIn || st.User.Email != "admin@demo.penguinmails.test" {
		t.Fatalf("sign in: %+v %v", st, err)
	}
	token := a.Session.client.Token()
	if hits := grepDir(t, dir, token); len(hits) > 0 {
		t.Fatalf("session token in plain text in %v", hits)
	}
	if err := a.Session.SignOut(); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.Session.State(); st.SignedIn {
		t.Fatal("still signed in after sign-out")
	}
	// The platform no longer accepts the old token.
	c, _ := platform.NewClient(url, 0)
	c.SetToken(token)
	if _, err := c.Me(t.Context()); err == nil {
		t.Fatal("platform still accepts the signed-out token")
	}
}

func TestSensitiveActionsNeedSudoAndSecretsStayOffDisk(t *testing.T) {
	url := startPlatform(t)
	dir := t.TempDir()
	a := startApp(t, Config{DataDir: dir, APIURL: url})
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", demoPW); err != nil {
		t.Fatal(err)
	}
	req := wire.CreateKeyRequest{Name: "Billing worker", Environment: "test", Permissions: []string{"send_email"}}
	if _, err := a.Keys.Create(req); uiCode(err) != wire.CodeSudoRequired {
		t.Fatalf("create without sudo: %v", err)
	}
	if _, err := a.Session.Sudo("wrong-password"); err == nil {
		t.Fatal("sudo with a wrong password succeeded")
	}
	sudo, err := a.Session.Sudo(demoPW)
	if err != nil || !sudo.Active || sudo.ExpiresAt == nil {
		t.Fatalf("sudo: %+v %v", sudo, err)
	}
	created, err := a.Keys.Create(req)
	if err != nil {
		t.Fatalf("create with sudo: %v", err)
	}
	if !strings.HasPrefix(created.APIKey, "pm_test_") || created.Key.MaskedKey == "" || strings.Contains(created.Key.MaskedKey, created.APIKey[8:20]) {
		t.Fatalf("created: %+v", created.Key)
	}
	// Reused sudo: a second sensitive action needs no password.
	if _, err := a.Keys.Revoke(created.Key.KeyID); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	if _, err := a.Keys.Revoke(created.Key.KeyID); uiCode(err) != wire.CodeAlreadyRevoked {
		t.Fatalf("second revoke: %v", err)
	}
	a.Stop()
	if hits := grepDir(t, dir, created.APIKey); len(hits) > 0 {
		t.Fatalf("full secret written to %v", hits)
	}
}
