package app

import (
	"bytes"
	"context"
	"io"
	"time"
)

// ExportFile is an export handed to the UI to download (in a browser; the
// window saves through Files instead, streaming to disk).
type ExportFile struct {
	Filename    string `json:"filename"`
	ContentType string `json:"content_type"`
	Content     string `json:"content"`
	// Notice says what the file holds when it is not what was asked for
	// (offline: only what a snapshot kept).
	Notice string `json:"notice,omitempty"`
}

// exportTimeout bounds an export: a month of a busy log takes a while.
const exportTimeout = 5 * time.Minute

// csvExport is one CSV the user exports, whichever way it leaves: write
// streams it into w and may return a notice.
type csvExport struct {
	name    string
	session *Session
	write   func(ctx context.Context, w io.Writer) (notice string, err error)
}

func (x csvExport) run(w io.Writer) (string, error) {
	ctx, cancel := x.session.callContext(exportTimeout)
	defer cancel()
	notice, err := x.write(ctx, w)
	if err != nil {
		if IsUnreachable(err) {
			x.session.setOnline(false)
		}
		return "", ToUI(err)
	}
	return notice, nil
}

// content runs the export into memory, for a browser to download.
func (x csvExport) content() (ExportFile, error) {
	var b bytes.Buffer
	notice, err := x.run(&b)
	if err != nil {
		return ExportFile{}, err
	}
	return ExportFile{Filename: x.name, ContentType: "text/csv", Content: b.String(), Notice: notice}, nil
}

// save asks where and streams the export there (the desktop window).
func (x csvExport) save(f *Files) (SavedFile, error) {
	return f.saveStream(x.name, x.run)
}
