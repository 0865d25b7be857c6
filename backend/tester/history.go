package tester

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/cache"
)

// History keeps every tester request with its answer in Badger, newest
// first, secrets masked before anything is written. Keys sort by time:
// tester/history/<16 hex digits of unix nanos>-<random>.
type History struct {
	db  *cache.DB
	now func() time.Time
	// Max entries kept; the oldest go first.
	Max int
	// MaxStoredBody caps each stored response body (the full answer was
	// shown; history is for finding and reopening requests).
	MaxStoredBody int
}

var historyPrefix = []byte("tester/history/")

// NewHistory keeps history in db; now is the clock (nil is time.Now).
func NewHistory(db *cache.DB, now func() time.Time) *History {
	if now == nil {
		now = time.Now
	}
	return &History{db: db, now: now, Max: 500, MaxStoredBody: 256 << 10}
}

// Entry is one request and what became of it.
type Entry struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	Request  Request   `json:"request"`
	Response *Response `json:"response,omitempty"`
	// Error is why no answer came (refused, unreachable, timed out).
	Error string `json:"error,omitempty"`
	// KeyMasked is the masked key the request carried, for the list.
	KeyMasked string `json:"key_masked,omitempty"`
}

// Summary is a history row: enough to find an entry, without the bodies.
type Summary struct {
	ID        string    `json:"id"`
	At        time.Time `json:"at"`
	Method    string    `json:"method"`
	URL       string    `json:"url"`
	Status    int       `json:"status"`
	TotalMs   float64   `json:"total_ms"`
	Error     string    `json:"error,omitempty"`
	KeyID     string    `json:"key_id,omitempty"`
	KeyMasked string    `json:"key_masked,omitempty"`
}

// ErrEntryNotFound is returned for an unknown history id.
var ErrEntryNotFound = errors.New("this history entry no longer exists")

// Add stores a request and its answer (or error), masking every secret
// first, and returns the stored entry.
func (h *History) Add(req Request, resp *Response, sendErr error) (*Entry, error) {
	at := h.now().UTC()
	var rnd [4]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	id := fmt.Sprintf("%016x-%s", at.UnixNano(), hex.EncodeToString(rnd[:]))
	e := &Entry{ID: id, At: at, Request: MaskRequest(req), Response: MaskResponse(resp), KeyMasked: keyOf(req)}
	if sendErr != nil {
		e.Error = sendErr.Error()
	}
	if e.Response != nil && len(e.Response.Body) > h.MaxStoredBody {
		e.Response.Body = e.Response.Body[:h.MaxStoredBody]
		e.Response.Truncated = true
	}
	if err := h.db.SetJSON(append(append([]byte{}, historyPrefix...), id...), e, 0); err != nil {
		return nil, err
	}
	return e, h.prune()
}

// keyOf finds the masked key a request authenticates with.
func keyOf(req Request) string {
	for _, hd := range req.Headers {
		if strings.EqualFold(hd.Name, "Authorization") {
			if m := apikey.FindSecret(hd.Value); m != "" {
				return apikey.Mask(m)
			}
		}
	}
	if m := apikey.FindSecret(req.URL); m != "" {
		return apikey.Mask(m)
	}
	return ""
}

// prune drops the oldest entries beyond Max.
func (h *History) prune() error {
	var old [][]byte
	n := 0
	err := h.db.Scan(historyPrefix, true, func(k, _ []byte) error {
		n++
		if n > h.Max {
			old = append(old, k)
		}
		return nil
	})
	if err != nil || len(old) == 0 {
		return err
	}
	return h.db.Update(func(tx *cache.Tx) error {
		for _, k := range old {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// List returns up to limit entries, newest first, whose method, URL,
// status, key, body or error contain every word of query (case-insensitive).
func (h *History) List(query string, limit int) ([]Summary, error) {
	if limit <= 0 {
		limit = 200
	}
	words := strings.Fields(strings.ToLower(query))
	out := []Summary{}
	err := h.db.Scan(historyPrefix, true, func(_, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil // an unreadable entry is skipped, not fatal to the list
		}
		if !matches(&e, words) {
			return nil
		}
		s := Summary{ID: e.ID, At: e.At, Method: e.Request.Method, URL: e.Request.URL, Error: e.Error,
			KeyID: e.Request.KeyID, KeyMasked: e.KeyMasked}
		if e.Response != nil {
			s.Status, s.TotalMs = e.Response.Status, e.Response.TotalMs
		}
		out = append(out, s)
		if len(out) >= limit {
			return cache.ErrStop
		}
		return nil
	})
	return out, err
}

func matches(e *Entry, words []string) bool {
	if len(words) == 0 {
		return true
	}
	var b strings.Builder
	b.WriteString(e.Request.Method + " " + e.Request.URL + " " + e.Request.Body + " " + e.KeyMasked + " " + e.Request.KeyID + " " + e.Error)
	if e.Response != nil {
		b.WriteString(" " + strconv.Itoa(e.Response.Status) + " " + e.Response.StatusText + " " + e.Response.Body)
	}
	hay := strings.ToLower(b.String())
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Get returns one entry.
func (h *History) Get(id string) (*Entry, error) {
	if id == "" || strings.ContainsAny(id, "/") {
		return nil, ErrEntryNotFound
	}
	var e Entry
	err := h.db.GetJSON(append(append([]byte{}, historyPrefix...), id...), &e)
	if errors.Is(err, cache.ErrNotFound) {
		return nil, ErrEntryNotFound
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Clear deletes the whole history.
func (h *History) Clear() error { return h.db.DropPrefix(historyPrefix) }
