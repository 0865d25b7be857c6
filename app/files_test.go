package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

func TestFilesSaveWritesPrivateFileWhereTheUserChose(t *testing.T) {
	dir := t.TempDir()
	f := newFiles()
	var asked runtime.SaveDialogOptions
	f.saveDialog = func(_ context.Context, o runtime.SaveDialogOptions) (string, error) {
		asked = o
		return filepath.Join(dir, o.DefaultFilename), nil
	}
	if _, err := f.Save(".env", "x"); uiCode(err) != "not_available" {
		t.Fatalf("before the window exists: %v", err)
	}
	f.attachWindow(context.Background())
	got, err := f.Save("../../.env", "PENGUINMAILS_API_KEY=abc\n")
	if err != nil {
		t.Fatal(err)
	}
	if asked.DefaultFilename != ".env" || !asked.ShowHiddenFiles {
		t.Fatalf("dialog options: %+v", asked)
	}
	st, err := os.Stat(got.Path)
	if err != nil || st.Mode().Perm() != 0o600 || filepath.Dir(got.Path) != dir {
		t.Fatalf("saved %s: %v %v", got.Path, st, err)
	}

	f.saveDialog = func(context.Context, runtime.SaveDialogOptions) (string, error) { return "", nil }
	if got, err := f.Save("errors.csv", "a,b"); err != nil || got.Path != "" {
		t.Fatalf("cancelled dialog: %+v %v", got, err)
	}
}
