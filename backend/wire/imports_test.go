package wire_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The embedded platform and the cache must not depend on the client: the
// server gets its wire types from here, and the cache is a generic store
// that knows no API schema. Test helpers (sandboxtest, _test files) may use
// the client to drive the server.
func TestServerAndCacheDoNotImportTheClient(t *testing.T) {
	banned := map[string][]string{
		"../sandbox": {"github.com/penguinmails/console/backend/platform"},
		"../../cache": {"github.com/penguinmails/console/backend/platform",
			"github.com/penguinmails/console/backend/wire"},
	}
	for dir, bad := range banned {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "sandboxtest" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, is := range f.Imports {
				p, _ := strconv.Unquote(is.Path.Value)
				for _, b := range bad {
					if p == b {
						t.Errorf("%s imports %s", path, p)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
