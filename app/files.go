package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// SavedFile says where an export went; Path is "" when the user cancelled.
type SavedFile struct {
	Path string `json:"path"`
}

// Files saves what the user exports (.env, CSV, JSON) from the desktop
// window through the native Save dialog: WebKitGTK under Wails does not act
// on <a download> links. In a browser the UI downloads by itself, so the
// bridge never writes files on a page's say-so.
type Files struct {
	mu  sync.Mutex
	ctx context.Context
	// saveDialog is runtime.SaveFileDialog; tests replace it.
	saveDialog func(ctx context.Context, opts runtime.SaveDialogOptions) (string, error)
}

func newFiles() *Files { return &Files{saveDialog: runtime.SaveFileDialog} }

// attachWindow is called from the window's OnStartup with the Wails context.
func (f *Files) attachWindow(ctx context.Context) {
	f.mu.Lock()
	f.ctx = ctx
	f.mu.Unlock()
}

// Save asks where to save name and writes content there, readable only by
// the user (an .env holds a secret).
func (f *Files) Save(name, content string) (SavedFile, error) {
	f.mu.Lock()
	ctx := f.ctx
	f.mu.Unlock()
	if ctx == nil {
		return SavedFile{}, &UIError{Status: 400, Code: "not_available", Message: "Saving files from Go is only available in the desktop window"}
	}
	base := filepath.Base(strings.TrimSpace(name))
	if base == "" || base == "." || base == "/" {
		return SavedFile{}, BadInput("name", "File name is empty")
	}
	home, _ := os.UserHomeDir()
	path, err := f.saveDialog(ctx, runtime.SaveDialogOptions{
		Title:                "Save " + base,
		DefaultFilename:      base,
		DefaultDirectory:     home,
		CanCreateDirectories: true,
		ShowHiddenFiles:      strings.HasPrefix(base, "."),
	})
	if err != nil {
		return SavedFile{}, ToUI(err)
	}
	if path == "" {
		return SavedFile{}, nil // cancelled
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return SavedFile{}, &UIError{Code: CodeInternal, Message: "Could not save " + filepath.Base(path) + ": " + err.Error()}
	}
	return SavedFile{Path: path}, nil
}
