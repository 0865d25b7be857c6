package requestlog

import (
	"crypto/rand"
	"encoding/binary"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
)

// Request ids are "req_" and 26 characters of Crockford base32 carrying 128
// bits: a 1, then the order key its log entry is stored under (the
// request's time in nanoseconds and a sequence number, timeline.Ord), then
// 32 bits drawn at random once per process. So an id finds its entry with
// one read and needs no index of its own: one key fewer in every request's
// synced write. Ids of the earlier form (48 bits of milliseconds, 80 unique
// bits) start with a 0 bit; their entries carry a request-id index and are
// found through it.
const (
	idPrefix = "req_"
	idLen    = len(idPrefix) + 26
	addrBit  = 0x80
)

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

var crockfordValue = func() (v [256]byte) {
	for i := range v {
		v[i] = 0xff
	}
	for i := 0; i < len(crockford); i++ {
		v[crockford[i]] = byte(i)
	}
	return v
}()

var processBits [4]byte

func init() { rand.Read(processBits[:]) }

// NewRequestID mints the id of a request made at t.
func NewRequestID(t time.Time) string {
	o := timeline.NewOrd(t)
	var raw [16]byte
	copy(raw[:12], o[:])
	copy(raw[12:], processBits[:])
	raw[0] |= addrBit
	var out [idLen]byte
	copy(out[:], idPrefix)
	// 128 bits → 26 base32 digits (the first carries 3 bits)
	hi, lo := binary.BigEndian.Uint64(raw[0:8]), binary.BigEndian.Uint64(raw[8:16])
	for i := 25; i >= 0; i-- {
		out[len(idPrefix)+i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}

// ordOf is the order key of the entry id names, false when id is not of
// the addressing form (an earlier id, or not an id).
func ordOf(id string) (timeline.Ord, bool) {
	var o timeline.Ord
	if len(id) != idLen || id[:len(idPrefix)] != idPrefix {
		return o, false
	}
	var hi, lo uint64
	for i := len(idPrefix); i < idLen; i++ {
		v := crockfordValue[id[i]]
		if v == 0xff || (i == len(idPrefix) && v > 7) { // the first digit carries 3 bits
			return o, false
		}
		hi = hi<<5 | lo>>59
		lo = lo<<5 | uint64(v)
	}
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[0:8], hi)
	binary.BigEndian.PutUint64(raw[8:16], lo)
	if raw[0]&addrBit == 0 {
		return o, false
	}
	raw[0] &^= addrBit
	copy(o[:], raw[:12])
	return o, true
}
