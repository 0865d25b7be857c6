package cache

import (
	"github.com/dgraph-io/badger/v4"
)

// Iter walks the keys of one prefix and can Seek anywhere in it, for index
// joins that leapfrog between several prefixes (the request log's filters).
// Key and Value return slices that are valid only until the next move.
type Iter struct {
	it     *badger.Iterator
	prefix []byte
}

// Iter opens an iterator over prefix, backward when reverse. Values are not
// prefetched: index walks read keys only. Close it before the transaction ends.
func (t *Tx) Iter(prefix []byte, reverse bool) *Iter {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.Reverse = reverse
	opts.PrefetchValues = false
	return &Iter{it: t.txn.NewIterator(opts), prefix: prefix}
}

// Seek goes to key, or to the nearest key after it (before it when reverse).
func (i *Iter) Seek(key []byte) { i.it.Seek(key) }

// Valid tells whether the iterator stands on a key of its prefix.
func (i *Iter) Valid() bool { return i.it.ValidForPrefix(i.prefix) }

// Next moves one key on.
func (i *Iter) Next() { i.it.Next() }

// Key is the current key (valid until the next move).
func (i *Iter) Key() []byte { return i.it.Item().Key() }

// Value calls fn with the current value (valid only inside fn).
func (i *Iter) Value(fn func([]byte) error) error { return i.it.Item().Value(fn) }

// Close releases the iterator.
func (i *Iter) Close() { i.it.Close() }

// GetFn calls fn with the value under key without copying it (valid only
// inside fn), or returns ErrNotFound.
func (t *Tx) GetFn(key []byte, fn func([]byte) error) error {
	item, err := t.txn.Get(key)
	if err == badger.ErrKeyNotFound {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return item.Value(fn)
}

// Batch writes many keys at once without a transaction's size limit, for
// bulk loads (benchmarks, imports). Writes are not atomic as a whole.
type Batch struct{ wb *badger.WriteBatch }

// NewBatch starts a bulk write; call Flush to finish it.
func (d *DB) NewBatch() *Batch { return &Batch{wb: d.db.NewWriteBatch()} }

// Set adds one key.
func (b *Batch) Set(key, value []byte) error { return b.wb.Set(key, value) }

// Flush writes what is pending and waits for it.
func (b *Batch) Flush() error { return b.wb.Flush() }

// Flatten compacts every level into one, so a database just bulk-loaded
// reads the way a settled one does (and no compaction runs behind a
// measurement).
func (d *DB) Flatten() error { return d.db.Flatten(2) }
