package app

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/penguinmails/console/backend/sandbox"
	"github.com/penguinmails/console/backend/sandbox/sandboxtest"
)

// saveInto makes the window's Save dialog answer a path in dir (the native
// dialog is the one part a test cannot drive).
func saveInto(a *App, dir string) {
	a.Files.saveDialog = func(_ context.Context, o runtime.SaveDialogOptions) (string, error) {
		return filepath.Join(dir, o.DefaultFilename), nil
	}
	a.Files.attachWindow(context.Background())
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// In the window, exports stream from the platform straight to the file the
// user chose: the request log, the audit log and the errors of a range, each
// private to the user, with nothing left beside it. Offline, the errors
// export is the snapshot's and says so.
func TestWindowExportsStreamToTheChosenFile(t *testing.T) {
	sb, url := sandboxtest.Start(t, sandbox.Config{DemoPassword: usagePW})
	clk := sandboxtest.NewClock(time.Now())
	a, _ := usageApp(t, url, t.TempDir(), clk)
	t.Cleanup(a.Stop)
	dir := t.TempDir()
	saveInto(a, dir)
	k := signInWithKey(t, a, usagePW, "export test", "send_email")
	const denied = 30
	for i := 0; i < denied; i++ {
		callGateway(t, url, k.APIKey, "GET", "/contacts", "")
	}
	callGateway(t, url, k.APIKey, "GET", "/emails/em_none", "")

	logs, err := a.Logs.SaveCSV(LogsRequest{})
	if err != nil || logs.Bytes == 0 || logs.Notice != "" {
		t.Fatalf("request log: %+v %v", logs, err)
	}
	if got := len(readCSV(t, logs.Path)) - 1; got != denied+1 {
		t.Errorf("request log file: %d rows, want %d", got, denied+1)
	}
	audit, err := a.Logs.SaveAuditCSV(AuditRequest{})
	if err != nil || !strings.Contains(readCSV(t, audit.Path)[0][0], "at") {
		t.Fatalf("audit: %+v %v", audit, err)
	}
	errs, err := a.Usage.SaveErrorsCSV(UsageRequest{Range: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, errs.Path)
	forbidden := 0
	for _, r := range rows[1:] {
		if r[4] == "403" && r[8] != "" {
			forbidden++
		}
	}
	if len(rows)-1 != denied+1 || forbidden != denied { // the 404 is an error too
		t.Fatalf("errors file: %d rows, %d of them 403 with a request id", len(rows)-1, forbidden)
	}
	for _, p := range []string{logs.Path, audit.Path, errs.Path} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v", p, st, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*part*")); len(left) > 0 {
		t.Errorf("partial files left beside the exports: %v", left)
	}

	// a snapshot of the range, then the platform goes away
	if _, err := a.Usage.Get(UsageRequest{Range: "1h"}); err != nil {
		t.Fatal(err)
	}
	sb.Close()
	off, err := a.Usage.SaveErrorsCSV(UsageRequest{Range: "1h"})
	if err != nil || !strings.HasPrefix(off.Notice, "Offline: this file holds the") {
		t.Fatalf("offline errors export: %+v %v", off, err)
	}
	if got := len(readCSV(t, off.Path)) - 1; got == 0 || got > denied+1 {
		t.Errorf("offline file: %d rows", got)
	}
	if _, err := a.Logs.SaveCSV(LogsRequest{}); uiCode(err) != CodeOffline && err == nil {
		t.Errorf("offline request log export: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*part*")); len(left) > 0 {
		t.Errorf("a failed export left %v", left)
	}
}
