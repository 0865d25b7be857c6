package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/cache"
)

// Docs serves the platform's OpenAPI document to the docs browser. Each
// version is kept in Badger for good (SPEC §4: docs are cached by
// info.version, indefinitely), so the docs open offline.
type Docs struct {
	client  *platform.Client
	db      *cache.DB
	log     *logrus.Logger
	now     func() time.Time
	timeout time.Duration
	life    context.Context // the console's lifetime, as Session.life

	mu     sync.Mutex
	parsed *openAPIIndex // of the last document served
	// prefetching is the fetch started at sign-in (see prefetch).
	prefetching sync.WaitGroup
}

// prefetch fetches and stores the document in the background, so the docs
// open offline from the first run, not only after a visit to the Docs
// screen. Called on every sign-in; a failure is only logged (the Docs
// screen fetches again and says why).
func (d *Docs) prefetch() {
	d.prefetching.Add(1)
	go func() {
		defer d.prefetching.Done()
		if _, err := d.Get(); err != nil {
			d.log.WithError(err).Debug("prefetching the API document at sign-in")
		}
	}()
}

// DocsDocument is the document and where it came from.
type DocsDocument struct {
	Spec      json.RawMessage `json:"spec"`
	Version   string          `json:"version"`
	FetchedAt time.Time       `json:"fetched_at"`
	// Offline is true when the platform could not be reached and this is
	// the newest cached copy.
	Offline bool `json:"offline"`
	// Error says why the live copy could not be had when Offline.
	Error string `json:"error,omitempty"`
}

type docsCurrent struct {
	Version   string    `json:"version"`
	FetchedAt time.Time `json:"fetched_at"`
}

var (
	keyDocsCurrent   = []byte("docs/openapi/current")
	keyDocsVersionPf = "docs/openapi/v/"
	keyDocsSeenPf    = "docs/openapi/seen/" // + time seen + "/" + version: the versions in the order seen
)

func newDocs(client *platform.Client, db *cache.DB, log *logrus.Logger, now func() time.Time) *Docs {
	return &Docs{client: client, db: db, log: log, now: now, timeout: 15 * time.Second, life: context.Background()}
}

// Get fetches openapi.json, storing it under its version; when the platform
// cannot be reached it serves the newest cached copy, marked offline.
func (d *Docs) Get() (*DocsDocument, error) {
	ctx, cancel := context.WithTimeout(d.life, d.timeout)
	defer cancel()
	raw, err := d.client.OpenAPI(ctx)
	if err == nil {
		doc, serr := d.store(raw)
		if serr != nil {
			return nil, ToUI(serr)
		}
		return doc, nil
	}
	var cur docsCurrent
	if cerr := d.db.GetJSON(keyDocsCurrent, &cur); cerr == nil {
		if b, gerr := d.db.Get([]byte(keyDocsVersionPf + cur.Version)); gerr == nil {
			d.index(b)
			uiErr := ToUI(err).(*UIError)
			return &DocsDocument{Spec: b, Version: cur.Version, FetchedAt: cur.FetchedAt, Offline: true, Error: uiErr.Message}, nil
		}
	}
	return nil, ToUI(err)
}

func (d *Docs) store(raw []byte) (*DocsDocument, error) {
	var head struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	if err := json.Unmarshal(raw, &head); err != nil || head.OpenAPI == "" {
		return nil, &UIError{Code: CodeInternal, Message: "The platform's openapi.json is not an OpenAPI document."}
	}
	version := head.Info.Version
	if version == "" {
		// Without a version, the content itself names the copy.
		sum := sha256.Sum256(raw)
		version = "sha256-" + hex.EncodeToString(sum[:8])
	}
	cur := docsCurrent{Version: version, FetchedAt: d.now().UTC()}
	err := d.db.Update(func(tx *cache.Tx) error {
		// A version not seen before joins the changelog's list (in the order seen).
		if _, err := tx.Get([]byte(keyDocsVersionPf + version)); errors.Is(err, cache.ErrNotFound) {
			if err := tx.Set([]byte(keyDocsSeenPf+cur.FetchedAt.Format("20060102T150405.000000000Z")+"/"+version), []byte(version), 0); err != nil {
				return err
			}
		}
		if err := tx.Set([]byte(keyDocsVersionPf+version), raw, 0); err != nil {
			return err
		}
		return tx.SetJSON(keyDocsCurrent, cur, 0)
	})
	if err != nil {
		return nil, err
	}
	d.index(raw)
	return &DocsDocument{Spec: raw, Version: version, FetchedAt: cur.FetchedAt}, nil
}

func (d *Docs) index(raw []byte) {
	ix, err := parseOpenAPIIndex(raw)
	if err != nil {
		d.log.WithError(err).Warn("openapi.json: cannot index operations")
		return
	}
	d.mu.Lock()
	d.parsed = ix
	d.mu.Unlock()
}

// requiredPermission is the x-required-permission of the operation serving
// method and path (a path or a full URL, concrete or templated). ok is false
// when no operation matches.
func (d *Docs) requiredPermission(method, path string) (perm string, ok bool) {
	m, _ := d.Match(method, path)
	return m.RequiredPermission, m.Found
}

// EndpointMatch is the documented operation a request calls.
type EndpointMatch struct {
	Found              bool   `json:"found"`
	Method             string `json:"method"`
	Path               string `json:"path"` // the document's template, e.g. /emails/{id}
	RequiredPermission string `json:"required_permission"`
}

// Match finds the operation that method and path (a path or a full URL,
// concrete or templated) call, in the document last served (fetched if
// none was). Found is false when none matches or there is no document.
func (d *Docs) Match(method, path string) (EndpointMatch, error) {
	d.mu.Lock()
	ix := d.parsed
	d.mu.Unlock()
	if ix == nil {
		if _, err := d.Get(); err != nil {
			return EndpointMatch{}, nil
		}
		d.mu.Lock()
		ix = d.parsed
		d.mu.Unlock()
		if ix == nil {
			return EndpointMatch{}, nil
		}
	}
	op, ok := ix.match(method, path)
	if !ok {
		return EndpointMatch{}, nil
	}
	return EndpointMatch{Found: true, Method: op.method, Path: op.path, RequiredPermission: op.perm}, nil
}

// openAPIIndex maps operations to their required permission.
type openAPIIndex struct {
	prefixes []string // server path prefixes, e.g. "/api/v1"
	ops      []indexedOp
}

type indexedOp struct {
	method string
	path   string // as in the document, e.g. /emails/{id}
	segs   []string
	perm   string
}

func parseOpenAPIIndex(raw []byte) (*openAPIIndex, error) {
	var doc struct {
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	ix := &openAPIIndex{prefixes: []string{"", "/api/v1"}}
	for _, s := range doc.Servers {
		if u, err := url.Parse(s.URL); err == nil && u.Path != "" {
			ix.prefixes = append(ix.prefixes, strings.TrimRight(u.Path, "/"))
		}
	}
	for p, item := range doc.Paths {
		for m, rawOp := range item {
			var op struct {
				Perm string `json:"x-required-permission"`
			}
			if json.Unmarshal(rawOp, &op) != nil {
				continue // "parameters" and other non-operation members
			}
			ix.ops = append(ix.ops, indexedOp{method: strings.ToUpper(m), path: p, segs: splitPath(p), perm: op.Perm})
		}
	}
	return ix, nil
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func (ix *openAPIIndex) lookup(method, raw string) (string, bool) {
	op, ok := ix.match(method, raw)
	return op.perm, ok
}

// match finds the operation a concrete URL or path calls: the document's
// server prefix (or /api/v1) is optional, and the template with the most
// literal segments wins (/contacts/export over /contacts/{email}).
func (ix *openAPIIndex) match(method, raw string) (indexedOp, bool) {
	p := raw
	if u, err := url.Parse(raw); err == nil {
		p = u.Path
	}
	p = "/" + strings.Trim(p, "/")
	method = strings.ToUpper(method)
	var best indexedOp
	bestLiteral, found := -1, false
	for _, prefix := range ix.prefixes {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
			continue
		}
		segs := splitPath(rest)
		for _, op := range ix.operations(method) {
			if lit, ok := matchSegs(op.segs, segs); ok && lit > bestLiteral {
				best, bestLiteral, found = op, lit, true
			}
		}
	}
	return best, found
}

func (ix *openAPIIndex) operations(method string) []indexedOp {
	var out []indexedOp
	for _, op := range ix.ops {
		if op.method == method {
			out = append(out, op)
		}
	}
	return out
}

// matchSegs matches a templated path against a concrete one; the count of
// literal segments ranks /contacts/export above /contacts/{email}.
func matchSegs(tmpl, segs []string) (literal int, ok bool) {
	if len(tmpl) != len(segs) {
		return 0, false
	}
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			continue
		}
		if t != segs[i] {
			return 0, false
		}
		literal++
	}
	return literal, true
}
