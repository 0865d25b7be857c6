package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/penguinmails/console/buildinfo"
)

func TestVersionFlagPrintsVersionAndCommit(t *testing.T) {
	old, oldC := buildinfo.Version, buildinfo.Commit
	t.Cleanup(func() { buildinfo.Version, buildinfo.Commit = old, oldC })
	buildinfo.Version, buildinfo.Commit = "9.8.7", "c0ffee123456"
	for _, arg := range []string{"--version", "-version", "version"} {
		var out, errb bytes.Buffer
		if code := run([]string{arg}, &out, &errb); code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", arg, code, errb.String())
		}
		if !strings.HasPrefix(out.String(), "penguinmails-console 9.8.7 (commit c0ffee123456,") {
			t.Errorf("%s printed %q", arg, out.String())
		}
	}
}
