package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/live"
	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// LogsRequest is what the Logs screen asks for: the platform's filters,
// with times as RFC 3339 text.
type LogsRequest struct {
	From      string `json:"from,omitempty"`
	To        string `json:"to,omitempty"`
	Status    string `json:"status,omitempty"`
	KeyID     string `json:"key_id,omitempty"`
	Method    string `json:"method,omitempty"`
	Path      string `json:"path,omitempty"`
	IP        string `json:"ip,omitempty"`
	RequestID string `json:"request_id,omitempty"`
	Cursor    string `json:"cursor,omitempty"`
	Limit     int    `json:"limit,omitempty"`
}

// AuditRequest is what the Audit screen asks for.
type AuditRequest struct {
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	Actor  string `json:"actor,omitempty"`
	Action string `json:"action,omitempty"`
	Target string `json:"target,omitempty"`
	Cursor string `json:"cursor,omitempty"`
	Limit  int    `json:"limit,omitempty"`
}

// Kept says where an answer came from: fetched now, or (offline) kept from
// an earlier fetch, and how old it is.
type Kept struct {
	FetchedAt  time.Time `json:"fetched_at"`
	Offline    bool      `json:"offline"`
	AgeSeconds int64     `json:"age_seconds"`
	// SameQuery is false when offline and this exact query was never
	// fetched: the answer is the last page fetched, for Query's filters.
	SameQuery bool `json:"same_query"`
}

// LogsView is a page of the request log.
type LogsView struct {
	Kept
	Page  wire.LogPage `json:"page"`
	Query LogsRequest  `json:"query"`
}

// LogEntryView is one request with its detail.
type LogEntryView struct {
	Kept
	Entry wire.LogEntry `json:"entry"`
}

// AuditView is a page of the audit log.
type AuditView struct {
	Kept
	Page  wire.AuditPage `json:"page"`
	Query AuditRequest   `json:"query"`
}

// Logs is the service of the Logs and Audit screens: pages of the request
// log and audit log (kept in Badger for offline reading), one request's
// detail, CSV exports, and the live tail.
type Logs struct {
	session *Session
	files   *Files // the window's Save dialog, for SaveCSV and SaveAuditCSV
	pages   *cache.Pages
	events  Emitter
	log     *logrus.Logger
	now     func() time.Time
	timeout time.Duration

	mu   sync.Mutex
	ctx  context.Context
	tail *live.Client
}

func newLogs(s *Session, pages *cache.Pages, events Emitter, log *logrus.Logger, now func() time.Time) *Logs {
	l := &Logs{session: s, pages: pages, events: events, log: log, now: now, timeout: 30 * time.Second}
	s.whenSignedOut(l.stopTail)
	s.whenSignedIn(l.stopTail) // another user may not see the last one's tail
	return l
}

func (l *Logs) start(ctx context.Context) {
	l.mu.Lock()
	l.ctx = ctx
	l.mu.Unlock()
}

func parseTime(field, v string) (*time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v))
	if err != nil {
		return nil, BadInput(field, "Pick a date and time")
	}
	return &t, nil
}

func (q LogsRequest) platform() (wire.LogQuery, error) {
	from, err := parseTime("from", q.From)
	if err != nil {
		return wire.LogQuery{}, err
	}
	to, err := parseTime("to", q.To)
	if err != nil {
		return wire.LogQuery{}, err
	}
	return wire.LogQuery{From: from, To: to, Status: q.Status, KeyID: q.KeyID, Method: q.Method, Path: q.Path,
		IP: q.IP, RequestID: strings.TrimSpace(q.RequestID), Cursor: q.Cursor, Limit: q.Limit}, nil
}

func (q AuditRequest) platform() (wire.AuditQuery, error) {
	from, err := parseTime("from", q.From)
	if err != nil {
		return wire.AuditQuery{}, err
	}
	to, err := parseTime("to", q.To)
	if err != nil {
		return wire.AuditQuery{}, err
	}
	return wire.AuditQuery{From: from, To: to, Actor: q.Actor, Action: q.Action, Target: q.Target, Cursor: q.Cursor, Limit: q.Limit}, nil
}

func ident(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (l *Logs) kept(at time.Time, offline, same bool) Kept {
	return Kept{FetchedAt: at, Offline: offline, SameQuery: same, AgeSeconds: int64(math.Max(0, l.now().Sub(at).Seconds()))}
}

// fetchKept runs fetch; its answer is kept under (kind, query). When the
// platform cannot be reached, the kept answer is returned instead (for a
// first page, the kind's last page when this query was never kept).
func fetchKept[T any](l *Logs, kind string, query any, first bool, fetch func(ctx context.Context, c *platform.Client) (*T, error)) (T, Kept, json.RawMessage, error) {
	var zero T
	_, t, ok := l.session.current()
	if !ok {
		return zero, Kept{}, nil, ErrNotSignedIn
	}
	c, err := l.session.apiClient()
	if err != nil {
		return zero, Kept{}, nil, err
	}
	ctx, cancel := l.session.callContext(l.timeout)
	defer cancel()
	got, err := fetch(ctx, c)
	if err == nil {
		l.session.setOnline(true)
		if perr := l.pages.Put(t.ID, kind, ident(query), query, got); perr != nil {
			l.log.WithError(perr).Warn("could not keep a page for offline reading")
		}
		return *got, l.kept(l.now().UTC(), false, true), nil, nil
	}
	if !IsUnreachable(err) {
		return zero, Kept{}, nil, ToUI(err)
	}
	l.session.setOnline(false)
	pg, perr := l.pages.Get(t.ID, kind, ident(query), first)
	if perr != nil {
		return zero, Kept{}, nil, ToUI(err)
	}
	var out T
	if err := json.Unmarshal(pg.Data, &out); err != nil {
		return zero, Kept{}, nil, ToUI(err)
	}
	same := string(pg.Query) == ident(query)
	return out, l.kept(pg.FetchedAt, true, same), pg.Query, nil
}

// List returns a page of the request log, newest first.
func (l *Logs) List(q LogsRequest) (LogsView, error) {
	pq, err := q.platform()
	if err != nil {
		return LogsView{}, err
	}
	page, k, keptQuery, err := fetchKept(l, "logs", q, q.Cursor == "", func(ctx context.Context, c *platform.Client) (*wire.LogPage, error) {
		return c.Logs(ctx, pq)
	})
	if err != nil {
		return LogsView{}, err
	}
	v := LogsView{Kept: k, Page: page, Query: q}
	if keptQuery != nil { // offline: the filters of the page kept
		v.Query = LogsRequest{}
		json.Unmarshal(keptQuery, &v.Query)
	}
	if v.Page.Entries == nil {
		v.Page.Entries = []wire.LogEntry{}
	}
	return v, nil
}

// Entry returns one request with its headers and bodies.
func (l *Logs) Entry(requestID string) (LogEntryView, error) {
	requestID = strings.TrimSpace(requestID)
	if !strings.HasPrefix(requestID, "req_") {
		return LogEntryView{}, BadInput("request_id", "A request id starts with req_")
	}
	e, k, _, err := fetchKept(l, "log_entry", requestID, false, func(ctx context.Context, c *platform.Client) (*wire.LogEntry, error) {
		return c.LogEntry(ctx, requestID)
	})
	if err != nil {
		return LogEntryView{}, err
	}
	return LogEntryView{Kept: k, Entry: e}, nil
}

// Audit returns a page of the audit log, newest first.
func (l *Logs) Audit(q AuditRequest) (AuditView, error) {
	pq, err := q.platform()
	if err != nil {
		return AuditView{}, err
	}
	page, k, keptQuery, err := fetchKept(l, "audit", q, q.Cursor == "", func(ctx context.Context, c *platform.Client) (*wire.AuditPage, error) {
		return c.Audit(ctx, pq)
	})
	if err != nil {
		return AuditView{}, err
	}
	v := AuditView{Kept: k, Page: page, Query: q}
	if keptQuery != nil {
		v.Query = AuditRequest{}
		json.Unmarshal(keptQuery, &v.Query)
	}
	if v.Page.Entries == nil {
		v.Page.Entries = []wire.AuditEntry{}
	}
	return v, nil
}

// logsExport is the request log (or, with audit, the audit log) matching
// a query, as CSV.
func (l *Logs) logsExport(name string, write func(ctx context.Context, c *platform.Client, w io.Writer) (int64, error)) (csvExport, error) {
	c, err := l.session.apiClient()
	if err != nil {
		return csvExport{}, err
	}
	return csvExport{name: name + "-" + l.now().UTC().Format("20060102-1504") + ".csv", session: l.session,
		write: func(ctx context.Context, w io.Writer) (string, error) {
			_, err := write(ctx, c, w)
			return "", err
		}}, nil
}

func (l *Logs) requestLogExport(q LogsRequest) (csvExport, error) {
	pq, err := q.platform()
	if err != nil {
		return csvExport{}, err
	}
	return l.logsExport("request-log", func(ctx context.Context, c *platform.Client, w io.Writer) (int64, error) {
		return c.LogsCSV(ctx, pq, w)
	})
}

func (l *Logs) auditExport(q AuditRequest) (csvExport, error) {
	pq, err := q.platform()
	if err != nil {
		return csvExport{}, err
	}
	return l.logsExport("audit-log", func(ctx context.Context, c *platform.Client, w io.Writer) (int64, error) {
		return c.AuditCSV(ctx, pq, w)
	})
}

// ExportCSV returns every entry matching q (all pages) as CSV text, for a
// browser to download.
func (l *Logs) ExportCSV(q LogsRequest) (ExportFile, error) {
	x, err := l.requestLogExport(q)
	if err != nil {
		return ExportFile{}, err
	}
	return x.content()
}

// SaveCSV asks where and streams every entry matching q there as CSV (the
// window): constant memory however long the log.
func (l *Logs) SaveCSV(q LogsRequest) (SavedFile, error) {
	x, err := l.requestLogExport(q)
	if err != nil {
		return SavedFile{}, err
	}
	return x.save(l.files)
}

// AuditCSV returns every audit entry matching q as CSV text.
func (l *Logs) AuditCSV(q AuditRequest) (ExportFile, error) {
	x, err := l.auditExport(q)
	if err != nil {
		return ExportFile{}, err
	}
	return x.content()
}

// SaveAuditCSV asks where and streams every audit entry matching q there.
func (l *Logs) SaveAuditCSV(q AuditRequest) (SavedFile, error) {
	x, err := l.auditExport(q)
	if err != nil {
		return SavedFile{}, err
	}
	return x.save(l.files)
}

// Tail starts (on) or stops the live tail: each new request's entry is
// emitted as logs:entry while it runs. The platform sends entries only to
// this subscription, so nothing flows while no Logs screen tails.
func (l *Logs) Tail(on bool) error {
	if !on {
		l.stopTail()
		return nil
	}
	c, err := l.session.apiClient()
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tail != nil {
		return nil
	}
	if l.ctx == nil || l.ctx.Err() != nil {
		return errors.New("the console is shutting down")
	}
	l.tail = live.New(live.Options{
		URL:   c.LiveURL() + "?logs=1",
		Token: c.Token,
		OnLog: func(e wire.LogEntry) { l.events.Emit(EventLogEntry, e) },
		// the command line waits for "live" before it reads the past page
		OnState: func(s live.Status) { l.events.Emit(EventLogTailState, s) },
		Log:     l.log,
	})
	l.tail.Start(l.ctx)
	return nil
}

func (l *Logs) stopTail() {
	l.mu.Lock()
	t := l.tail
	l.tail = nil
	l.mu.Unlock()
	if t != nil {
		t.Stop()
	}
}

// TenantSettings returns the tenant's settings (whether bodies are logged).
func (l *Logs) TenantSettings() (wire.TenantSettings, error) {
	c, err := l.session.apiClient()
	if err != nil {
		return wire.TenantSettings{}, err
	}
	ctx, cancel := l.session.callContext(l.timeout)
	defer cancel()
	s, err := c.TenantSettings(ctx)
	if err != nil {
		return wire.TenantSettings{}, ToUI(err)
	}
	return *s, nil
}

// SetLogBodies turns the request log's bodies on or off (admins only).
func (l *Logs) SetLogBodies(on bool) (wire.TenantSettings, error) {
	c, err := l.session.apiClient()
	if err != nil {
		return wire.TenantSettings{}, err
	}
	ctx, cancel := l.session.callContext(l.timeout)
	defer cancel()
	s, err := c.UpdateTenantSettings(ctx, wire.TenantSettingsPatch{LogBodies: &on})
	if err != nil {
		return wire.TenantSettings{}, ToUI(err)
	}
	return *s, nil
}
