package app

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/cache"
)

// The Changelog is computed from the document versions the console saw:
// two documents that differ give their operations and fields added,
// removed and changed; seeing a version again adds nothing.
func TestChangelogFromTwoDocumentsThatDiffer(t *testing.T) {
	db, err := cache.Open(filepath.Join(t.TempDir(), "db"), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	d := newDocs(nil, db, quietLog(), func() time.Time { return at })
	v1 := `{"openapi":"3.1.0","info":{"version":"1.0.0"},
	  "paths":{"/emails/send":{"post":{}},"/contacts":{"get":{},"post":{}},"/old":{"delete":{}}},
	  "components":{"schemas":{"SendEmailRequest":{"properties":{"to":{"type":"string"},"tags":{"type":"array"},"legacy":{"type":"string"}}},"Gone":{"properties":{}}}}}`
	v2 := `{"openapi":"3.1.0","info":{"version":"1.1.0"},
	  "paths":{"/emails/send":{"post":{}},"/contacts":{"get":{},"post":{}},"/emails/{id}":{"get":{}}},
	  "components":{"schemas":{"SendEmailRequest":{"properties":{"to":{"type":["string","array"]},"tags":{"type":"array"},"track_opens":{"type":"boolean"}}},"Email":{"properties":{}}}}}`
	for _, doc := range []string{v1, v2, v2} {
		if _, err := d.store([]byte(doc)); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Hour)
	}
	log, err := d.Changelog()
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].From != "1.0.0" || log[0].To != "1.1.0" {
		t.Fatalf("changelog: %+v", log)
	}
	want := []string{
		"Added operation GET /emails/{id}",
		"Removed operation DELETE /old",
		"Added schema Email",
		"Changed field SendEmailRequest.to",
		"Added field SendEmailRequest.track_opens",
		"Removed field SendEmailRequest.legacy",
		"Removed schema Gone",
	}
	if got := strings.Join(log[0].Changes, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("changes:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
