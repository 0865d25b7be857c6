package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// grepDirFor lists the files under dir holding s (the data directory is
// encrypted at rest, so this also guards against a plaintext copy
// elsewhere, such as a log file).
func grepDirFor(t *testing.T, dir, s string) []string {
	t.Helper()
	var hits []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		b, rerr := os.ReadFile(p)
		if rerr == nil && strings.Contains(string(b), s) {
			hits = append(hits, p)
		}
		return nil
	})
	return hits
}
