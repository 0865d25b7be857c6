// Package buildinfo holds the version and commit every artifact carries.
// `make build` and `make package` set them with
//
//	-ldflags "-X github.com/penguinmails/console/buildinfo.Version=0.1.0 -X …buildinfo.Commit=abc123"
//
// so `penguinmails-console --version`, the About dialog and the packages all
// name the same build.
package buildinfo

import (
	"fmt"
	"runtime"
)

// Set by -ldflags -X; a plain `go build` leaves the defaults, which say so.
var (
	Version = "dev"
	Commit  = "unknown"
)

// Info is what --version and the About dialog show.
type Info struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

// Get returns this build's info.
func Get() Info {
	return Info{
		Name:      "PenguinMails Developer Console",
		Version:   Version,
		Commit:    Commit,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
}

// String is the one line --version prints.
func (i Info) String() string {
	return fmt.Sprintf("penguinmails-console %s (commit %s, %s, %s)", i.Version, i.Commit, i.GoVersion, i.Platform)
}
