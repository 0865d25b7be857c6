package sandbox

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/penguinmails/console/cache"
)

// retention is how long security events and the outbox are kept (SPEC §8.3).
const retention = 90 * 24 * time.Hour

// pruneEvery is how often (on the sandbox clock) the background loop prunes.
const pruneEvery = time.Hour

// pruneBatch bounds one Badger transaction of deletes.
const pruneBatch = 1000

// pruneRetention deletes security events and outbox mail older than 90 days
// by the sandbox clock. Their ids start with the creation time, so no
// record needs decoding. It returns how many records it deleted.
func (s *Server) pruneRetention(now time.Time) (int, error) {
	cutoff := now.Add(-retention).UnixNano()
	total := 0
	for _, prefix := range []string{pSecurity, pOutbox} {
		var old [][]byte
		err := s.db.Scan([]byte(prefix), false, func(k, _ []byte) error {
			if at, ok := idTime(string(k)); ok && at < cutoff {
				old = append(old, append([]byte(nil), k...))
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		for len(old) > 0 {
			n := min(len(old), pruneBatch)
			err := s.db.Update(func(tx *cache.Tx) error {
				for _, k := range old[:n] {
					if err := tx.Delete(k); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return total, err
			}
			total += n
			old = old[n:]
		}
	}
	return total, nil
}

// idTime reads the creation time (ns) of a record keyed by an orderedID:
// ".../<prefix>_<16 hex digits of ns>...".
func idTime(key string) (int64, bool) {
	id := key[strings.LastIndexByte(key, '/')+1:]
	_, rest, ok := strings.Cut(id, "_")
	if !ok || len(rest) < 16 {
		return 0, false
	}
	b, err := hex.DecodeString(rest[:16])
	if err != nil {
		return 0, false
	}
	var n int64
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	return n, true
}
