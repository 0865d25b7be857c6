package app

import (
	"testing"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
)

// Signing in fetches the API document, so the docs open offline on a first
// run where the Docs screen was never visited.
func TestDocsReadableOfflineFromTheFirstSignIn(t *testing.T) {
	sb, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: demoPW})
	a := startApp(t, Config{DataDir: t.TempDir(), APIURL: url})
	defer a.Stop()
	if _, err := a.Session.SignIn("admin@demo.penguinmails.test", demoPW); err != nil {
		t.Fatal(err)
	}
	a.Docs.prefetching.Wait()
	sb.Close() // the platform is gone before anyone opened the docs
	doc, err := a.Docs.Get()
	if err != nil {
		t.Fatalf("docs offline after a first sign-in: %v", err)
	}
	if !doc.Offline || len(doc.Spec) == 0 || doc.Version == "" {
		t.Fatalf("want the stored document marked offline, got offline=%v version=%q %d bytes", doc.Offline, doc.Version, len(doc.Spec))
	}
}
