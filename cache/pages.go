package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"
)

// Pages keeps the pages of the request log and audit log the console
// fetched last, so the Logs and Audit screens show them offline with their
// age. They expire with the snapshots' retention (retention is asked each
// time, so a changed setting applies to pages written from then on).
type Pages struct {
	db        *DB
	retention func() time.Duration
	now       func() time.Time
}

// NewPages wraps db.
func NewPages(db *DB, retention func() time.Duration, now func() time.Time) *Pages {
	if now == nil {
		now = time.Now
	}
	return &Pages{db: db, retention: retention, now: now}
}

// Page is one kept page: what was asked, when, and the answer as JSON.
type Page struct {
	Kind      string          `json:"kind"`  // logs | audit | log_entry
	Query     json.RawMessage `json:"query"` // the filters, as the UI sent them
	FetchedAt time.Time       `json:"fetched_at"`
	Data      json.RawMessage `json:"data"`
}

func pageKey(tenant, kind, ident string) []byte {
	h := sha256.Sum256([]byte(ident))
	return []byte("pages/" + seg(tenant) + "/" + kind + "/" + hex.EncodeToString(h[:12]))
}

func lastKey(tenant, kind string) []byte {
	return []byte("pages/" + seg(tenant) + "/" + kind + "/last")
}

// Put keeps data as the page of kind for query (ident identifies the query),
// and as the kind's last page.
func (p *Pages) Put(tenant, kind, ident string, query, data any) error {
	q, err := json.Marshal(query)
	if err != nil {
		return err
	}
	d, err := json.Marshal(data)
	if err != nil {
		return err
	}
	b, err := json.Marshal(Page{Kind: kind, Query: q, FetchedAt: p.now().UTC(), Data: d})
	if err != nil {
		return err
	}
	ttl := p.retention()
	return p.db.Update(func(tx *Tx) error {
		if err := tx.Set(pageKey(tenant, kind, ident), b, ttl); err != nil {
			return err
		}
		return tx.Set(lastKey(tenant, kind), b, ttl)
	})
}

// Get returns the kept page of kind for query ident; with fallback, the
// kind's last page when that query was never kept.
func (p *Pages) Get(tenant, kind, ident string, fallback bool) (*Page, error) {
	b, err := p.db.Get(pageKey(tenant, kind, ident))
	if errors.Is(err, ErrNotFound) && fallback {
		b, err = p.db.Get(lastKey(tenant, kind))
	}
	if err != nil {
		return nil, err
	}
	var pg Page
	if err := json.Unmarshal(b, &pg); err != nil {
		return nil, err
	}
	return &pg, nil
}
