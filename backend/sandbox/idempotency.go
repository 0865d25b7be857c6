package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Idempotent notifications (SPEC §8.2): the first POST /platform/notifications
// with an Idempotency-Key sends and answers 202; the same key within 30 days
// answers 200 with that first answer and sends nothing. The record is written
// in the same synced transaction as the email, so no crash can leave an email
// sent without its record (or the reverse). The body of a repeat is not
// compared: consoles word the same reminder differently ("in 3 days", "in 2
// days"), and it is still the same event.

// idemRecord is the first answer to an Idempotency-Key.
type idemRecord struct {
	Key      string                    `json:"key"`
	At       time.Time                 `json:"at"`
	Response wire.NotificationResponse `json:"response"`
}

// idemBadgerKey is where a tenant's record of key lives: the key hashed, so
// any characters are fine and the length is fixed.
func idemBadgerKey(tenantID, key string) []byte {
	h := sha256.Sum256([]byte(key))
	return []byte(pIdem + tenantID + "/" + hex.EncodeToString(h[:]))
}

// idempotencyKey reads the header; "" when it is absent.
func idempotencyKey(r *http.Request) (string, *wire.APIError) {
	vals := r.Header.Values(wire.IdempotencyHeader)
	if len(vals) == 0 {
		return "", nil
	}
	k := strings.TrimSpace(vals[0])
	problem := ""
	switch {
	case len(vals) > 1:
		problem = "Send one Idempotency-Key header"
	case k == "" || utf8.RuneCountInString(k) > wire.MaxIdempotencyKey:
		problem = "Idempotency-Key must be 1-255 characters"
	case strings.ContainsFunc(k, func(c rune) bool { return c < 0x20 || c == 0x7f }):
		problem = "Idempotency-Key must not contain control characters"
	}
	if problem != "" {
		return "", invalid(map[string]string{wire.IdempotencyHeader: problem})
	}
	return k, nil
}

// firstAnswer returns the stored answer to key if it is younger than the
// retention at now.
func (s *Server) firstAnswer(tenantID, key string, now time.Time) (wire.NotificationResponse, bool, error) {
	var rec idemRecord
	err := s.db.GetJSON(idemBadgerKey(tenantID, key), &rec)
	if errors.Is(err, cache.ErrNotFound) {
		return wire.NotificationResponse{}, false, nil
	}
	if err != nil {
		return wire.NotificationResponse{}, false, err
	}
	if rec.Key != key || now.Sub(rec.At) >= wire.IdempotencyRetention {
		return wire.NotificationResponse{}, false, nil
	}
	return rec.Response, true, nil
}

// rememberAnswer writes the record of key inside the email's transaction.
// Badger drops it a day after the retention (by wall clock); firstAnswer
// judges the age by the platform's clock.
func rememberAnswer(tx *cache.Tx, tenantID, key string, now time.Time, res wire.NotificationResponse) error {
	return tx.SetJSON(idemBadgerKey(tenantID, key), idemRecord{Key: key, At: now, Response: res},
		wire.IdempotencyRetention+24*time.Hour)
}

// notifyOnce emails to and answers the new email's id and recipients; with
// an Idempotency-Key idem already seen within the retention it sends
// nothing and answers the first answer (replayed). Lookup, send and record
// run one at a time, so callers at the same moment still make one email.
func (s *Server) notifyOnce(tenantID, idem, kind string, to []string, subject, body, keyID string) (res wire.NotificationResponse, replayed bool, err error) {
	if idem == "" {
		m, err := s.sendMail(tenantID, kind, to, subject, body, keyID)
		return wire.NotificationResponse{ID: m.ID, Recipients: m.To}, false, err
	}
	s.idemMu.Lock()
	defer s.idemMu.Unlock()
	if first, seen, err := s.firstAnswer(tenantID, idem, s.now()); err != nil || seen {
		return first, seen, err
	}
	m, err := s.sendMailWith(tenantID, kind, to, subject, body, keyID, func(tx *cache.Tx, m wire.OutboxEmail) error {
		return rememberAnswer(tx, tenantID, idem, m.CreatedAt, wire.NotificationResponse{ID: m.ID, Recipients: m.To})
	})
	return wire.NotificationResponse{ID: m.ID, Recipients: m.To}, false, err
}

// recipients are a tenant's admins and, when given, a key's creator.
func (s *Server) recipients(tenantID, creator string) []string {
	to := s.tenantAdmins(tenantID)
	if creator != "" && !slices.Contains(to, creator) {
		to = append(to, creator)
	}
	return to
}
