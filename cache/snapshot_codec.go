package cache

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"sync"
)

// Snapshots are stored gzip-compressed behind a one-byte tag. A minute's
// usage answer is 10-150 KB of very repetitive JSON; compressed it is about
// a tenth, which is what keeps 90 days of per-minute snapshots at a size a
// desktop can carry. Values without the tag are plain JSON.
const tagGzip = 'z'

var gzWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return w
}}

// gzReaders reuses readers: a new one allocates tens of KB of tables.
var gzReaders sync.Pool

func encodeSnapshot(s *Snapshot) ([]byte, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.Grow(len(raw)/6 + 64)
	b.WriteByte(tagGzip)
	w := gzWriters.Get().(*gzip.Writer)
	defer gzWriters.Put(w)
	w.Reset(&b)
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func decodeSnapshot(b []byte, s *Snapshot) error {
	if len(b) == 0 || b[0] != tagGzip {
		return json.Unmarshal(b, s)
	}
	var r *gzip.Reader
	if v := gzReaders.Get(); v != nil {
		r = v.(*gzip.Reader)
		if err := r.Reset(bytes.NewReader(b[1:])); err != nil {
			return err
		}
	} else {
		var err error
		if r, err = gzip.NewReader(bytes.NewReader(b[1:])); err != nil {
			return err
		}
	}
	defer gzReaders.Put(r)
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, s)
}

func (t *Tx) getSnapshot(key []byte, s *Snapshot) error {
	b, err := t.Get(key)
	if err != nil {
		return err
	}
	return decodeSnapshot(b, s)
}

func (d *DB) getSnapshot(key []byte, s *Snapshot) error {
	b, err := d.Get(key)
	if err != nil {
		return err
	}
	return decodeSnapshot(b, s)
}
