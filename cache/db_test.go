package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestGetSetDeleteAndNotFound(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Get([]byte("missing")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing key: %v, want ErrNotFound", err)
	}
	if err := db.SetJSON([]byte("a/1"), map[string]int{"n": 1}, 0); err != nil {
		t.Fatal(err)
	}
	var v map[string]int
	if err := db.GetJSON([]byte("a/1"), &v); err != nil || v["n"] != 1 {
		t.Fatalf("GetJSON: %v %v", v, err)
	}
	db.Set([]byte("a/2"), []byte("two"), 0)
	db.Set([]byte("b/1"), []byte("other"), 0)
	var keys []string
	db.Scan([]byte("a/"), true, func(k, _ []byte) error { keys = append(keys, string(k)); return nil })
	if strings.Join(keys, ",") != "a/2,a/1" {
		t.Fatalf("reverse scan: %v", keys)
	}
	db.Delete([]byte("a/1"))
	if _, err := db.Get([]byte("a/1")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted key: %v", err)
	}
}

func TestTTLIsRoundedUpNotDown(t *testing.T) {
	// Badger stores expiry in whole seconds: a 1.2 s TTL must not become 1 s.
	db, err := Open("", Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Set([]byte("k"), []byte("v"), 1200*time.Millisecond)
	db.View(func(tx *Tx) error {
		item, err := tx.txn.Get([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		left := time.Until(time.Unix(int64(item.ExpiresAt()), 0))
		if left < 1200*time.Millisecond {
			t.Errorf("expires in %v, want at least 1.2s", left)
		}
		return nil
	})
}

func TestLockedDirectoryGivesClearError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrLocked) || err.Error() != ErrLocked.Error()+": "+dir {
		t.Fatalf("second open: %v, want ErrLocked naming the dir", err)
	}
	var cause interface{ Unwrap() []error }
	if !errors.As(err, &cause) || !strings.Contains(cause.Unwrap()[1].Error(), "Cannot acquire directory lock") {
		t.Fatalf("second open: %v does not keep Badger's refusal as its cause", err)
	}
}

func TestCorruptDirectoryGivesClearError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	db, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Set([]byte("k"), []byte("v"), 0)
	db.Close()
	if err := os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte("this is not a manifest at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, Options{})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("damaged dir: %v, want ErrCorrupt", err)
	}
}

func TestEncryptedAtRestWithPrivateKeyFile(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "db")
	kf := filepath.Join(base, "db.key")
	db, err := Open(dir, Options{Encrypt: true, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	marker := "session-token-SHOULD-NOT-BE-READABLE"
	db.Set([]byte("session"), []byte(marker), 0)
	db.Close()
	st, err := os.Stat(kf)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st, err)
	}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), marker) {
				t.Errorf("%s holds the value in plain text", p)
			}
		}
		return nil
	})
	db, err = Open(dir, Options{Encrypt: true, KeyFile: kf})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.Get([]byte("session")); err != nil || string(v) != marker {
		t.Fatalf("reopen: %q %v", v, err)
	}
}
