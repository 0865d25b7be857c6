package requestlog

import (
	"errors"
	"sync"

	"github.com/penguinmails/console/cache"
)

// Committer makes writes durable before it returns. The request log's own
// groupWriter is one; a writer that already syncs other per-request data
// (usage events) can be another, so both ride in one commit.
type Committer interface {
	// Commit runs put inside a write transaction and returns once that
	// transaction is on disk. size estimates the bytes put writes.
	Commit(size int, put func(tx *cache.Tx) error) error
}

// ErrClosed is returned by a writer that has been closed.
var ErrClosed = errors.New("requestlog: closed")

// groupWriter is a group commit: callers queue their writes, one goroutine
// commits whatever has queued in a single synced transaction and wakes them
// all. Under load many requests share one fsync; alone, a request waits for
// just its own.
type groupWriter struct {
	db   *cache.DB
	in   chan *op
	mu   sync.RWMutex
	done chan struct{}
	shut bool
}

type op struct {
	size int
	put  func(tx *cache.Tx) error
	err  chan error
}

// Bounds of one commit: Badger refuses transactions much over a few MiB.
const (
	maxBatchBytes = 1 << 20
	maxBatchOps   = 512
)

func newGroupWriter(db *cache.DB) *groupWriter {
	w := &groupWriter{db: db, in: make(chan *op, 1024), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *groupWriter) Commit(size int, put func(tx *cache.Tx) error) error {
	o := &op{size: size, put: put, err: make(chan error, 1)}
	w.mu.RLock()
	if w.shut {
		w.mu.RUnlock()
		return ErrClosed
	}
	w.in <- o
	w.mu.RUnlock()
	return <-o.err
}

func (w *groupWriter) loop() {
	defer close(w.done)
	var carry *op
	for {
		first := carry
		carry = nil
		if first == nil {
			var ok bool
			if first, ok = <-w.in; !ok {
				return
			}
		}
		batch, bytes := []*op{first}, first.size
	fill:
		for len(batch) < maxBatchOps {
			select {
			case o, ok := <-w.in:
				if !ok {
					break fill
				}
				if bytes+o.size > maxBatchBytes {
					carry = o
					break fill
				}
				batch, bytes = append(batch, o), bytes+o.size
			default:
				break fill
			}
		}
		err := w.db.Update(func(tx *cache.Tx) error {
			for _, o := range batch {
				if err := o.put(tx); err != nil {
					return err
				}
			}
			return nil
		})
		for _, o := range batch {
			o.err <- err
		}
	}
}

// close commits what is queued and stops.
func (w *groupWriter) close() {
	w.mu.Lock()
	if w.shut {
		w.mu.Unlock()
		return
	}
	w.shut = true
	close(w.in)
	w.mu.Unlock()
	<-w.done
}
