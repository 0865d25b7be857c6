// Package cache is the one place that touches Badger. It holds the console's
// settings, session (encrypted at rest), usage snapshots, docs by version, the
// reminder ledger and tester history; the sandbox keeps its state through the
// same wrapper in a directory of its own.
package cache

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// ErrNotFound is returned when a key is absent or has expired.
var ErrNotFound = errors.New("cache: not found")

// ErrLocked means another process holds the data directory.
var ErrLocked = errors.New("data directory is in use by another PenguinMails console (close it, or pass a different --data-dir)")

// ErrCorrupt means the data directory could not be read as a Badger database.
var ErrCorrupt = errors.New("data directory is damaged and cannot be opened")

// Options configure Open.
type Options struct {
	// Encrypt turns on Badger's AES encryption at rest. The key lives in
	// KeyFile (created with mode 0600 if missing).
	Encrypt bool
	// KeyFile defaults to <dir>/../<base>.key when empty.
	KeyFile string
	// InMemory keeps everything in memory (tests and benchmarks only).
	InMemory bool
	// Bulk is for loading millions of keys (benchmark set-up only): no fsync
	// per commit (an acknowledged change could be lost in a crash) and
	// bigger memtables, so the load does not stall on level-0 compactions.
	Bulk bool
	// Unsynced is the usual database without the fsync of each commit
	// (benchmarks only: it measures what durability costs, everything else
	// alike; an acknowledged change could be lost in a crash).
	Unsynced bool
	// Small is for a database of small values written now and then (the
	// console's own: settings, session, snapshots, docs): 4 MiB memtables
	// instead of 16. Badger allocates each memtable's arena whole, on the
	// Go heap, so the difference is memory the process holds all along.
	Small bool
	// Logger receives Badger's own log lines; nil silences them.
	Logger badger.Logger
}

// DB is an open Badger database.
type DB struct {
	db  *badger.DB
	dir string
}

// Open opens (or creates) the database in dir with small-memory options fit
// for a desktop app. A directory locked by another process or a damaged one
// gives ErrLocked or ErrCorrupt wrapped with the path, never a panic.
func Open(dir string, o Options) (*DB, error) {
	opts := badger.DefaultOptions(dir).
		WithLogger(o.Logger).
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		WithBlockCacheSize(8 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2).
		WithCompression(options.None).
		WithSyncWrites(true) // an acknowledged change survives a kill
	if o.Small && smallWALs(dir) {
		// Transactions are bounded by 15 % of the memtable (600 KiB here):
		// values from 256 KiB go to the value log, which holds values of
		// any size, so a transaction of a few large values still fits.
		opts = opts.WithMemTableSize(smallMemTable).WithValueThreshold(256 << 10)
	}
	if o.Unsynced {
		opts = opts.WithSyncWrites(false)
	}
	if o.Bulk {
		opts = opts.WithSyncWrites(false).WithMemTableSize(64 << 20).WithNumMemtables(4).
			WithNumLevelZeroTables(8).WithNumLevelZeroTablesStall(32).WithBlockCacheSize(64 << 20)
	}
	if o.InMemory {
		opts = opts.WithInMemory(true).WithDir("").WithValueDir("")
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	if o.Encrypt {
		kf := o.KeyFile
		if kf == "" {
			kf = filepath.Join(filepath.Dir(dir), filepath.Base(dir)+".key")
		}
		key, err := loadOrCreateKey(kf)
		if err != nil {
			return nil, err
		}
		opts = opts.WithEncryptionKey(key).WithEncryptionKeyRotationDuration(30 * 24 * time.Hour)
	}
	db, err := openWaitingForLock(opts)
	if err != nil {
		return nil, classifyOpenError(dir, err)
	}
	return &DB{db: db, dir: dir}, nil
}

// lockWait is how long Open waits for a directory lock that is being let
// go. Badger locks the directory with flock, which the kernel releases when
// the last descriptor of the lock's open file closes; a child process forked
// meanwhile by any goroutine (os/exec, WebKit's helpers) holds a copy of
// every descriptor until it execs. A database closed and opened again in
// one process (the command line's tests, one console after another) can
// therefore find its own lock still held for the moment a concurrent child
// takes to exec. A directory truly held by another console stays held, and
// is reported as in use after this wait.
const lockWait = time.Second

func openWaitingForLock(opts badger.Options) (*badger.DB, error) {
	deadline := time.Now().Add(lockWait)
	pause := 2 * time.Millisecond
	for {
		db, err := badger.Open(opts)
		if err == nil || !isDirLockError(err) || time.Now().Add(pause).After(deadline) {
			return db, err
		}
		time.Sleep(pause)
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// isDirLockError reports whether err is Badger's refusal of the directory
// lock ("Cannot acquire directory lock on …" on Unix, "Cannot create lock
// file …" on Windows; both end with these words). Nothing else means the
// directory is in use: an EAGAIN elsewhere in opening is its own fault.
func isDirLockError(err error) bool {
	return strings.Contains(err.Error(), "Another process is using this Badger database")
}

const smallMemTable = 4 << 20

// smallWALs reports whether every memtable log left in dir was made for
// small memtables. Badger replays a log that was not flushed (the process
// was killed) into a memtable of the size it opens with, and one written
// with bigger memtables would not fit: such a directory opens with the
// default size once, and its next start, once that log has been flushed,
// with small ones. A new log is made at twice the memtable size; a log of
// any other size was made by another configuration or has been replayed
// before.
func smallWALs(dir string) bool {
	logs, _ := filepath.Glob(filepath.Join(dir, "*.mem"))
	for _, l := range logs {
		if st, err := os.Stat(l); err == nil && st.Size() != 2*smallMemTable {
			return false
		}
	}
	return true
}

// classifyOpenError names what went wrong in the user's terms: in use (only
// Badger's directory-lock refusal), damaged, or else Badger's own words. The
// cause stays wrapped in each case.
func classifyOpenError(dir string, err error) error {
	msg := err.Error()
	switch {
	case isDirLockError(err):
		return lockedError{dir: dir, cause: err}
	case strings.Contains(msg, "Encryption key mismatch"), strings.Contains(msg, "checksum"),
		strings.Contains(msg, "MANIFEST"), strings.Contains(msg, "manifest"), strings.Contains(msg, "corrupt"),
		strings.Contains(msg, "unexpected EOF"), strings.Contains(msg, "Invalid"):
		return fmt.Errorf("%w: %s (%w); move it aside or pass a different --data-dir", ErrCorrupt, dir, err)
	}
	return fmt.Errorf("open data directory %s: %w", dir, err)
}

// lockedError is ErrLocked for dir. Badger's refusal stays its cause, for
// errors.Is and a debug log, but out of the message the user reads.
type lockedError struct {
	dir   string
	cause error
}

func (e lockedError) Error() string   { return ErrLocked.Error() + ": " + e.dir }
func (e lockedError) Unwrap() []error { return []error{ErrLocked, e.cause} }

func loadOrCreateKey(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		if len(b) != 32 {
			return nil, fmt.Errorf("%w: key file %s has %d bytes, want 32", ErrCorrupt, path, len(b))
		}
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read key file %s: %w", path, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		return nil, fmt.Errorf("write key file %s: %w", path, err)
	}
	return key, nil
}

// Dir is where the database lives.
func (d *DB) Dir() string { return d.dir }

// Close flushes and closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Get returns a copy of the value under key, or ErrNotFound.
func (d *DB) Get(key []byte) ([]byte, error) {
	var out []byte
	err := d.db.View(func(txn *badger.Txn) error {
		var err error
		out, err = (&Tx{txn: txn}).Get(key)
		return err
	})
	return out, err
}

// Set stores value under key. A ttl > 0 makes it expire; Badger works in whole
// seconds, so the ttl is rounded up, never down.
func (d *DB) Set(key, value []byte, ttl time.Duration) error {
	return d.Update(func(tx *Tx) error { return tx.Set(key, value, ttl) })
}

// Delete removes key; a missing key is not an error.
func (d *DB) Delete(key []byte) error {
	return d.Update(func(tx *Tx) error { return tx.Delete(key) })
}

// GetJSON decodes the value under key into v.
func (d *DB) GetJSON(key []byte, v any) error {
	b, err := d.Get(key)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// SetJSON encodes v under key.
func (d *DB) SetJSON(key []byte, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return d.Set(key, b, ttl)
}

// Update runs fn in a read-write transaction and commits it, retrying on
// Badger's ErrConflict (another transaction changed what fn read).
func (d *DB) Update(fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		err = d.db.Update(func(txn *badger.Txn) error { return fn(&Tx{txn: txn}) })
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return err
}

// View runs fn in a read-only transaction.
func (d *DB) View(fn func(tx *Tx) error) error {
	return d.db.View(func(txn *badger.Txn) error { return fn(&Tx{txn: txn}) })
}

// Scan calls fn for every live key with prefix, in key order (reverse order if
// reverse). Returning ErrStop ends the scan without error. Values are copies.
func (d *DB) Scan(prefix []byte, reverse bool, fn func(key, value []byte) error) error {
	return d.View(func(tx *Tx) error { return tx.Scan(prefix, reverse, fn) })
}

// ErrStop ends a Scan early.
var ErrStop = errors.New("cache: stop scan")

// Tx is a transaction.
type Tx struct{ txn *badger.Txn }

// Get returns a copy of the value under key, or ErrNotFound.
func (t *Tx) Get(key []byte) ([]byte, error) {
	item, err := t.txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return item.ValueCopy(nil)
}

// GetJSON decodes the value under key into v.
func (t *Tx) GetJSON(key []byte, v any) error {
	b, err := t.Get(key)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// Set stores value under key, with an optional ttl. Badger keeps expiry as
// whole Unix seconds, truncating, so one second is added: an entry may live
// up to a second longer than asked, never shorter.
func (t *Tx) Set(key, value []byte, ttl time.Duration) error {
	return t.txn.SetEntry(ttlEntry(key, value, ttl))
}

// SetJSON encodes v under key.
func (t *Tx) SetJSON(key []byte, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return t.Set(key, b, ttl)
}

// Delete removes key.
func (t *Tx) Delete(key []byte) error { return t.txn.Delete(key) }

// Scan iterates keys with prefix; see DB.Scan.
func (t *Tx) Scan(prefix []byte, reverse bool, fn func(key, value []byte) error) error {
	start := prefix
	if reverse {
		// Seek to the last key with this prefix: prefix followed by 0xFF bytes.
		start = append(bytes.Clone(prefix), bytes.Repeat([]byte{0xff}, 16)...)
	}
	return t.ScanFrom(prefix, start, reverse, fn)
}

// ScanFrom iterates keys with prefix starting at start (inclusive) and going
// forward, or backward from start when reverse. Returning ErrStop from fn
// ends the scan without error; keys and values are copies.
func (t *Tx) ScanFrom(prefix, start []byte, reverse bool, fn func(key, value []byte) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.Reverse = reverse
	it := t.txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(start); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := fn(item.KeyCopy(nil), v); err != nil {
			if errors.Is(err, ErrStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

// DropPrefix deletes every key with prefix.
func (d *DB) DropPrefix(prefix []byte) error { return d.db.DropPrefix(prefix) }

// RunGC reclaims value-log space until Badger has nothing left to rewrite.
// It returns how many value-log files were rewritten.
func (d *DB) RunGC() int {
	n := 0
	for n < 16 {
		if err := d.db.RunValueLogGC(0.5); err != nil {
			break // badger.ErrNoRewrite, or GC already running
		}
		n++
	}
	return n
}

// GCLoop runs RunGC every interval until ctx ends.
func (d *DB) GCLoop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			d.RunGC()
		}
	}
}

// Sync flushes pending writes to disk.
func (d *DB) Sync() error { return d.db.Sync() }

// ttlEntry is the one place a TTL becomes a Badger entry; see Tx.Set for why
// a second is added.
func ttlEntry(key, value []byte, ttl time.Duration) *badger.Entry {
	e := badger.NewEntry(key, value)
	if ttl > 0 {
		e = e.WithTTL(ttl + time.Second)
	}
	return e
}
