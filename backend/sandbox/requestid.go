package sandbox

import (
	"crypto/rand"
	"encoding/binary"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// withRequestID gives every answer, gateway and platform alike, an
// X-Request-Id. The id is set on the response header before the handler
// runs, so writeError and the request log read it from there (the header
// map is shared by every wrapper of the ResponseWriter). A caller's own
// X-Request-Id is not reused: ids must be unique to be quoted to support.
func withRequestID(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()[wire.RequestIDHeader] = []string{newRequestID()}
		h.ServeHTTP(w, r)
	})
}

// requestID is the id withRequestID gave this answer ("" outside it).
func requestID(w http.ResponseWriter) string {
	if v := w.Header()[wire.RequestIDHeader]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Request ids are "req_" and 26 characters of Crockford base32: 48 bits of
// milliseconds (so ids sort roughly by time, which helps when reading them)
// then 80 random bits, drawn from a per-process random base plus a counter
// so minting one costs no system call.
var (
	ridBase [10]byte
	ridSeq  atomic.Uint64
)

func init() { rand.Read(ridBase[:]) }

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

func newRequestID() string {
	var raw [16]byte
	ms := uint64(time.Now().UnixMilli())
	binary.BigEndian.PutUint64(raw[0:8], ms<<16)
	copy(raw[6:16], ridBase[:])
	n := ridSeq.Add(1)
	// mix the counter into the random tail: unique within the process, and
	// across processes as unlikely to collide as 80 random bits
	tail := binary.BigEndian.Uint64(raw[8:16]) + n*0x9E3779B97F4A7C15
	binary.BigEndian.PutUint64(raw[8:16], tail)
	var out [4 + 26]byte
	copy(out[:], "req_")
	// 128 bits → 26 base32 digits (the first carries 3 bits)
	hi, lo := binary.BigEndian.Uint64(raw[0:8]), binary.BigEndian.Uint64(raw[8:16])
	for i := 25; i >= 0; i-- {
		out[4+i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
