package requestlog

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// The list fields of an entry are stored in a compact binary form rather
// than JSON: a page, and above all a CSV export of millions of rows, decodes
// every one of them, and this is an order of magnitude cheaper. Headers and
// bodies are in the record's blob (detail.go), read only for the detail view.

const codecVersion = 1

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendBytes(b, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

func encodeSummary(e *wire.LogEntry) []byte {
	n := 64 + len(e.RequestID) + len(e.KeyID) + len(e.KeyName) + len(e.Environment) + len(e.MaskedKey) + len(e.IP) +
		len(e.Method) + len(e.Route) + len(e.Path) + len(e.Query) + len(e.Error) + len(e.Message) + len(e.UserAgent)
	b := make([]byte, 0, n)
	b = append(b, codecVersion)
	b = binary.AppendVarint(b, e.At.UnixNano())
	for _, s := range [...]string{e.RequestID, e.KeyID, e.KeyName, e.Environment, e.MaskedKey, e.IP, e.Method,
		e.Route, e.Path, e.Query, e.Error, e.Message, e.UserAgent} {
		b = appendStr(b, s)
	}
	b = binary.AppendUvarint(b, uint64(e.Status))
	b = binary.AppendUvarint(b, uint64(e.LatencyMs*1000))
	b = binary.AppendUvarint(b, uint64(e.RequestSize))
	b = binary.AppendUvarint(b, uint64(e.ResponseSize))
	return b
}

var errCorrupt = errors.New("requestlog: damaged entry")

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errCorrupt
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) str() string {
	l := r.uvarint()
	if r.err != nil || uint64(len(r.b)) < l {
		r.err = errCorrupt
		return ""
	}
	s := string(r.b[:l])
	r.b = r.b[l:]
	return s
}

// bytes is str without the copy: valid only while the value is.
func (r *reader) bytes() []byte {
	l := r.uvarint()
	if r.err != nil || uint64(len(r.b)) < l {
		r.err = errCorrupt
		return nil
	}
	s := r.b[:l:l]
	r.b = r.b[l:]
	return s
}

func decodeSummary(b []byte, e *wire.LogEntry) error {
	if len(b) == 0 || b[0] != codecVersion {
		return errCorrupt
	}
	r := reader{b: b[1:]}
	ns, n := binary.Varint(r.b)
	if n <= 0 {
		return errCorrupt
	}
	r.b = r.b[n:]
	e.At = time.Unix(0, ns).UTC()
	for _, p := range [...]*string{&e.RequestID, &e.KeyID, &e.KeyName, &e.Environment, &e.MaskedKey, &e.IP, &e.Method,
		&e.Route, &e.Path, &e.Query, &e.Error, &e.Message, &e.UserAgent} {
		*p = r.str()
	}
	e.Status = int(r.uvarint())
	e.LatencyMs = float64(r.uvarint()) / 1000
	e.RequestSize = int64(r.uvarint())
	e.ResponseSize = int64(r.uvarint())
	return r.err
}
