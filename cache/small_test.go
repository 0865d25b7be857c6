package cache

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fill writes n entries of about 100 bytes in transactions of 5,000.
func fill(t *testing.T, db *DB, n int) {
	t.Helper()
	for lo := 0; lo < n; lo += 5000 {
		err := db.Update(func(tx *Tx) error {
			for i := lo; i < min(n, lo+5000); i++ {
				if err := tx.Set(entryKey(i), entryValue(i), 0); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func entryKey(i int) []byte   { return []byte(fmt.Sprintf("k/%08d", i)) }
func entryValue(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 90) }

// crashCopy copies an open database's files, as a kill -9 would leave them
// (writes are synced, the memtable's log has not been flushed to a table).
func crashCopy(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		src, err := os.Open(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(filepath.Join(to, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(dst, src); err != nil {
			t.Fatal(err)
		}
		src.Close()
		dst.Close()
	}
}

func checkAll(t *testing.T, db *DB, n int) {
	t.Helper()
	for _, i := range []int{0, n / 3, n / 2, n - 1} {
		v, err := db.Get(entryKey(i))
		if err != nil || !bytes.Equal(v, entryValue(i)) {
			t.Fatalf("entry %d after reopening: %v", i, err)
		}
	}
}

func memLogSizes(t *testing.T, dir string) []int64 {
	t.Helper()
	logs, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
	var out []int64
	for _, l := range logs {
		st, err := os.Stat(l)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st.Size())
	}
	return out
}

// A data directory a console with 16 MiB memtables was killed on holds an
// unflushed memtable log bigger than a small memtable: it must open (with
// the size it was written with) and keep every entry, never panic.
func TestSmallOpensALogLeftByBiggerMemtables(t *testing.T) {
	old, crashed := t.TempDir(), filepath.Join(t.TempDir(), "db")
	db, err := Open(old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 60_000 // about 10 MB of log: more than a 4 MiB memtable holds
	fill(t, db, n)
	crashCopy(t, old, crashed)
	db.Close()

	db, err = Open(crashed, Options{Small: true})
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, db, n)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Flushed at close: the next start makes small memtables.
	db, err = Open(crashed, Options{Small: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkAll(t, db, n)
	if s := memLogSizes(t, crashed); len(s) != 1 || s[0] != 2*smallMemTable {
		t.Fatalf("memtable logs after a clean start: %v bytes, want one of %d", s, 2*smallMemTable)
	}
}

// A small database holds more than one memtable's worth, and two values
// bigger than a whole transaction may be, in one transaction.
func TestSmallHoldsBigValuesAndManyEntries(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(dir, Options{Small: true})
	if err != nil {
		t.Fatal(err)
	}
	const n = 60_000 // more than one small memtable
	fill(t, db, n)
	big := bytes.Repeat([]byte("x"), 2<<20)
	if err := db.Update(func(tx *Tx) error {
		if err := tx.Set([]byte("big/1"), big, 0); err != nil {
			return err
		}
		return tx.Set([]byte("big/2"), big, 0)
	}); err != nil {
		t.Fatalf("two 2 MiB values in one transaction: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(dir, Options{Small: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkAll(t, db, n)
	if v, err := db.Get([]byte("big/2")); err != nil || !bytes.Equal(v, big) {
		t.Fatalf("big value after reopening: %v", err)
	}
}
