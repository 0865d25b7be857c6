package usage

import (
	"encoding/binary"
	"errors"
	"time"
)

// The journal is the durable form of the events that answered requests: each
// group commit writes its events as one entry, usage/j/<seq>, in the same
// synced transaction as the records that go with them. Entries stay until a
// checkpoint's rollups include them (see persist.go).
var prefixJournal = []byte("usage/j/")

const journalVersion = 1

func journalKey(seq uint64) []byte {
	k := append([]byte{}, prefixJournal...)
	return binary.BigEndian.AppendUint64(k, seq)
}

// encodeJournal packs events compactly: a version byte, a count, then per
// event its time, strings, status, latency and previous-secret flag.
func encodeJournal(evs []Event) []byte {
	b := make([]byte, 0, 2+len(evs)*96)
	b = append(b, journalVersion)
	b = binary.AppendUvarint(b, uint64(len(evs)))
	for i := range evs {
		e := &evs[i]
		b = binary.AppendVarint(b, e.At.UnixNano())
		for _, s := range [...]string{e.TenantID, e.KeyID, e.Method, e.Route, e.IP, e.Code, e.Message, e.RequestID} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
		b = binary.AppendUvarint(b, uint64(e.Status))
		b = binary.AppendVarint(b, int64(e.Latency))
		var prev byte
		if e.PreviousSecret {
			prev = 1
		}
		b = append(b, prev)
	}
	return b
}

var errBadJournal = errors.New("usage journal entry is damaged")

func decodeJournal(b []byte) ([]Event, error) {
	if len(b) == 0 || b[0] != journalVersion {
		return nil, errBadJournal
	}
	b = b[1:]
	uv := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	sv := func() int64 {
		v, n := binary.Varint(b)
		if n <= 0 {
			b = nil
			return 0
		}
		b = b[n:]
		return v
	}
	n := uv()
	if b == nil || n > uint64(len(b)) { // every event takes more than a byte
		return nil, errBadJournal
	}
	evs := make([]Event, 0, n)
	for i := uint64(0); i < n; i++ {
		var e Event
		e.At = time.Unix(0, sv()).UTC()
		for _, p := range [...]*string{&e.TenantID, &e.KeyID, &e.Method, &e.Route, &e.IP, &e.Code, &e.Message, &e.RequestID} {
			l := uv()
			if b == nil || l > uint64(len(b)) {
				return nil, errBadJournal
			}
			*p = string(b[:l])
			b = b[l:]
		}
		e.Status = int(uv())
		e.Latency = time.Duration(sv())
		if b == nil || len(b) < 1 {
			return nil, errBadJournal
		}
		e.PreviousSecret = b[0] == 1
		b = b[1:]
		evs = append(evs, e)
	}
	if len(b) != 0 {
		return nil, errBadJournal
	}
	return evs, nil
}
