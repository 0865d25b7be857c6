package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// SavedFile says where an export went; Path is "" when the user cancelled.
type SavedFile struct {
	Path string `json:"path"`
	// Bytes is how much was written.
	Bytes int64 `json:"bytes"`
	// Notice says what the file holds when it is not what was asked for
	// (offline: only what a snapshot kept).
	Notice string `json:"notice,omitempty"`
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
	return f.saveStream(name, func(w io.Writer) (string, error) {
		_, err := io.WriteString(w, content)
		return "", err
	})
}

// saveStream asks where to save name, then lets write stream the file
// there: an export of any size goes to disk in constant memory. It is
// written beside the chosen path and renamed into place only once whole,
// so a failure halfway leaves no partial file under the user's name.
func (f *Files) saveStream(name string, write func(w io.Writer) (notice string, err error)) (SavedFile, error) {
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
	couldNot := func(err error) error {
		return &UIError{Code: CodeInternal, Message: "Could not save " + filepath.Base(path) + ": " + err.Error()}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part-*") // mode 0600
	if err != nil {
		return SavedFile{}, couldNot(err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	cw := &countingWriter{w: tmp}
	notice, werr := write(cw)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil && cerr != nil {
		werr = couldNot(cerr)
	}
	if werr != nil {
		var ue *UIError
		if errors.As(werr, &ue) {
			return SavedFile{}, ue
		}
		return SavedFile{}, couldNot(werr)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return SavedFile{}, couldNot(err)
	}
	return SavedFile{Path: path, Bytes: cw.n, Notice: notice}, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
