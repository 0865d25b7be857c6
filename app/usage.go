package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// usageMaxAge is the freshness rule of SPEC §4: a usage answer younger than
// this is served from the cache, an older one is fetched again.
const usageMaxAge = time.Minute

// UsageRequest is what the Usage screen asks for.
type UsageRequest struct {
	Range string `json:"range"`          // 1h | 24h | 7d | 30d | custom
	From  string `json:"from,omitempty"` // RFC 3339, for custom
	To    string `json:"to,omitempty"`   // RFC 3339, for custom
	KeyID string `json:"key_id,omitempty"`
	// Refresh skips the one-minute cache (the Refresh button).
	Refresh bool `json:"refresh,omitempty"`
}

// UsageView is a usage answer and where it came from.
type UsageView struct {
	Data       wire.APIUsage `json:"data"`
	SnapshotID string        `json:"snapshot_id"`
	FetchedAt  time.Time     `json:"fetched_at"`
	FromCache  bool          `json:"from_cache"`
	// Offline: the platform could not be reached; this is the newest snapshot.
	Offline    bool  `json:"offline"`
	AgeSeconds int64 `json:"age_seconds"`
}

// SnapshotView is one snapshot of the history browser.
type SnapshotView struct {
	cache.SnapshotMeta
	Data       wire.APIUsage `json:"data"`
	AgeSeconds int64         `json:"age_seconds"`
}

// ExportFile is a file for the UI to download.

// Usage is the Usage screen's service: usage answers under the freshness
// rule, every answer kept as a snapshot for offline review, the live feed's
// state, and exports.
type Usage struct {
	session *Session
	files   *Files // the window's Save dialog, for SaveErrorsCSV
	snaps   usageSnapshots
	feed    *liveFeed
	log     *logrus.Logger
	now     func() time.Time
	timeout time.Duration
}

func newUsage(s *Session, snaps *cache.Snapshots, feed *liveFeed, log *logrus.Logger, now func() time.Time) *Usage {
	return &Usage{session: s, snaps: usageSnapshots{snaps}, feed: feed, log: log, now: now, timeout: 20 * time.Second}
}

// normalize validates q and turns it into the platform's query and the
// snapshot's identity.
func (q UsageRequest) normalize() (wire.UsageQuery, cache.SnapshotQuery, error) {
	pq := wire.UsageQuery{KeyID: strings.TrimSpace(q.KeyID)}
	sq := cache.SnapshotQuery{KeyID: pq.KeyID}
	switch q.Range {
	case "", "24h":
		pq.Range, sq.Range = "24h", "24h"
	case "1h", "7d", "30d":
		pq.Range, sq.Range = q.Range, q.Range
	case "custom":
		from, err := time.Parse(time.RFC3339, q.From)
		if err != nil {
			return pq, sq, BadInput("from", "Pick a start date and time")
		}
		to, err := time.Parse(time.RFC3339, q.To)
		if err != nil {
			return pq, sq, BadInput("to", "Pick an end date and time")
		}
		if !from.Before(to) {
			return pq, sq, BadInput("to", "The end must be after the start")
		}
		from, to = from.UTC().Truncate(time.Minute), to.UTC().Truncate(time.Minute)
		pq.From, pq.To = &from, &to
		sq.Range = fmt.Sprintf("custom:%d_%d", from.Unix(), to.Unix())
	default:
		return pq, sq, BadInput("range", "Choose Last Hour, Last 24 Hours, Last 7 Days, Last 30 Days or a custom range")
	}
	return pq, sq, nil
}

func (u *Usage) tenant() (string, error) {
	_, t, ok := u.session.current()
	if !ok {
		return "", ErrNotSignedIn
	}
	return t.ID, nil
}

func (u *Usage) view(s *usageSnapshot, fromCache, offline bool) UsageView {
	return UsageView{Data: s.Data, SnapshotID: s.ID, FetchedAt: s.FetchedAt, FromCache: fromCache, Offline: offline,
		AgeSeconds: int64(math.Max(0, s.Age(u.now()).Seconds()))}
}

// Get returns usage for q: from the cache when under a minute old, else
// fetched (and kept as a snapshot); when the platform cannot be reached, the
// newest snapshot marked offline with its age.
func (u *Usage) Get(q UsageRequest) (UsageView, error) {
	pq, sq, err := q.normalize()
	if err != nil {
		return UsageView{}, err
	}
	tenant, err := u.tenant()
	if err != nil {
		return UsageView{}, err
	}
	if !q.Refresh {
		if snap, fresh, err := u.snaps.fresh(tenant, sq, usageMaxAge); err == nil && fresh {
			// Fresh enough to serve, but say so when the platform is known
			// to be down: the data will not update by itself.
			return u.view(snap, true, !u.session.isOnline()), nil
		}
	}
	snap, err := u.fetch(tenant, pq, sq)
	if err == nil {
		return u.view(snap, false, false), nil
	}
	if IsUnreachable(err) {
		if old, nerr := u.snaps.newest(tenant, sq); nerr == nil {
			return u.view(old, true, true), nil
		}
	}
	return UsageView{}, ToUI(err)
}

// fetch asks the platform and keeps the answer as a snapshot.
func (u *Usage) fetch(tenant string, pq wire.UsageQuery, sq cache.SnapshotQuery) (*usageSnapshot, error) {
	c, err := u.session.apiClient()
	if err != nil {
		return nil, err
	}
	ctx, cancel := u.session.callContext(u.timeout)
	defer cancel()
	data, err := c.APIUsage(ctx, pq)
	if err != nil {
		if IsUnreachable(err) {
			u.session.setOnline(false)
		}
		return nil, err
	}
	u.session.setOnline(true)
	meta, err := u.snaps.put(tenant, sq, data)
	if err != nil {
		// The answer is still good to show; only offline review loses it.
		u.log.WithError(err).Warn("could not keep a usage snapshot")
		meta = cache.SnapshotMeta{Tenant: tenant, Range: sq.Range, KeyID: sq.KeyID, FetchedAt: u.now().UTC()}
	}
	return &usageSnapshot{SnapshotMeta: meta, Data: *data}, nil
}

// snapshotJob is the jobs' "usage snapshots" run (every minute while online):
// the last hour, and the last 24 hours when its newest snapshot is over thirty
// minutes old, so offline review has both the fine and the daily view.
func (u *Usage) snapshotJob(ctx context.Context) error {
	tenant, err := u.tenant()
	if err != nil {
		return err
	}
	if _, err := u.fetch(tenant, wire.UsageQuery{Range: "1h"}, cache.SnapshotQuery{Range: "1h"}); err != nil {
		return err
	}
	// The longer ranges change slowly: a snapshot every half hour (24h) or
	// twelve hours (7d, 30d) keeps every range readable offline without
	// filling the disk with near-copies.
	for _, r := range []struct {
		rng   string
		every time.Duration
	}{{"24h", 30 * time.Minute}, {"7d", 12 * time.Hour}, {"30d", 12 * time.Hour}} {
		if _, fresh, err := u.snaps.Fresh(tenant, cache.SnapshotQuery{Range: r.rng}, r.every); err != nil || !fresh {
			if _, err := u.fetch(tenant, wire.UsageQuery{Range: r.rng}, cache.SnapshotQuery{Range: r.rng}); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// PlanInfo is a plan and the one an upgrade leads to (nil on the top plan).
type PlanInfo struct {
	apikey.Plan
	Next *apikey.Plan `json:"next"`
}

// Plans lists the plans, cheapest first, each with its upgrade.
func (u *Usage) Plans() ([]PlanInfo, error) {
	out := make([]PlanInfo, 0, len(apikey.Plans))
	for _, p := range apikey.Plans {
		pi := PlanInfo{Plan: p}
		if n, ok := apikey.NextPlan(p.Name); ok {
			pi.Next = &n
		}
		out = append(out, pi)
	}
	return out, nil
}

// RateLimitStatus feeds the Overview's RateLimitIndicator.
type RateLimitStatus struct {
	Plan         string     `json:"plan"`
	Used         int64      `json:"used"`    // requests in the last 60 s the limiter let through
	Refused      int64      `json:"refused"` // requests in the last 60 s refused with 429
	Limit        int64      `json:"limit"`
	Burst        int64      `json:"burst"`
	Remaining    int64      `json:"remaining"`
	Pct          float64    `json:"pct"`
	ResetSeconds int64      `json:"reset_seconds"`
	Live         bool       `json:"live"`
	At           *time.Time `json:"at"`
}

// Current returns the rate-limit status from the newest live tick (the plan's
// limits when no tick has arrived yet).
func (u *Usage) Current() (RateLimitStatus, error) {
	_, t, ok := u.session.current()
	if !ok {
		return RateLimitStatus{}, ErrNotSignedIn
	}
	st := RateLimitStatus{Plan: t.Plan}
	if p, ok := apikey.PlanByName(t.Plan); ok {
		st.Limit, st.Burst, st.Remaining = int64(p.PerMinute), int64(p.Burst), int64(p.Burst)
	}
	if tick, ok := u.feed.lastTick(); ok {
		at := tick.T
		// The tick's rpm counts every request; the ones refused with 429 are
		// not usage of the limit, so they are told apart (issue #14).
		st.Refused = refusedSince(u.feed.recent(), at.Add(-time.Minute))
		st.At, st.Used, st.Remaining = &at, max(0, tick.RPM-st.Refused), tick.Remaining
		if tick.Limit > 0 {
			st.Limit = tick.Limit
		}
		st.Live = u.feed.status().State == "live"
	}
	st.Pct, st.ResetSeconds = rateLimitFigures(st.Used, st.Limit, st.Burst, st.Remaining)
	return st, nil
}

// refusedSince sums the 429s of the ticks after since.
func refusedSince(ticks []wire.LiveMessage, since time.Time) int64 {
	var n int64
	for _, t := range ticks {
		if t.Type == "tick" && t.T.After(since) {
			n += t.RateLimited
		}
	}
	return n
}

// rateLimitFigures: usage as a percentage of the per-minute limit, and the
// seconds until the bucket is full again (the gateway's X-RateLimit-Reset).
func rateLimitFigures(used, limit, burst, remaining int64) (pct float64, reset int64) {
	if limit <= 0 {
		return 0, 0
	}
	pct = math.Round(float64(used)*1000/float64(limit)) / 10
	return pct, apikey.NewRate(int(limit), int(burst)).ResetSeconds(remaining)
}

// rateSeen is the limit as the newest live tick showed it, for the tester's
// warnings (unknown without a recent tick).
func (u *Usage) rateSeen() tester.RateSeen {
	st, err := u.Current()
	if err != nil || st.At == nil {
		return tester.RateSeen{}
	}
	return tester.RateSeen{Limit: st.Limit, Burst: st.Burst, Remaining: st.Remaining, At: *st.At}
}

// LiveState returns the live feed's state.
func (u *Usage) LiveState() (LiveState, error) { return u.feed.status(), nil }

// LiveRecent returns the ticks of the last few minutes, oldest first, so the
// live strip is full as soon as the screen opens.
func (u *Usage) LiveRecent() ([]wire.LiveMessage, error) { return u.feed.recent(), nil }

// ErrorsCSV returns every error answer of q's range as CSV text (for a
// browser to download): from the platform, or offline from the newest
// snapshot's recent errors, with a notice saying so.
func (u *Usage) ErrorsCSV(q UsageRequest) (ExportFile, error) {
	x, err := u.errorsExport(q)
	if err != nil {
		return ExportFile{}, err
	}
	return x.content()
}

// SaveErrorsCSV asks where and streams the errors CSV there (the window).
func (u *Usage) SaveErrorsCSV(q UsageRequest) (SavedFile, error) {
	x, err := u.errorsExport(q)
	if err != nil {
		return SavedFile{}, err
	}
	return x.save(u.files)
}

func (u *Usage) errorsExport(q UsageRequest) (csvExport, error) {
	pq, sq, err := q.normalize()
	if err != nil {
		return csvExport{}, err
	}
	tenant, err := u.tenant()
	if err != nil {
		return csvExport{}, err
	}
	c, err := u.session.apiClient()
	if err != nil {
		return csvExport{}, err
	}
	name := "api-errors-" + strings.ReplaceAll(sq.Range, ":", "-") + "-" + u.now().UTC().Format("20060102-1504") + ".csv"
	return csvExport{name: name, session: u.session, write: func(ctx context.Context, w io.Writer) (string, error) {
		n, err := c.ErrorsCSV(ctx, pq, w)
		if err == nil || !IsUnreachable(err) || n > 0 {
			return "", err // cut off halfway: an error, never half a file passed off as whole
		}
		snap, nerr := u.snaps.newest(tenant, sq)
		if nerr != nil {
			return "", err
		}
		u.session.setOnline(false)
		if err := writeRecentErrorsCSV(w, snap.Data.RecentErrors); err != nil {
			return "", err
		}
		return fmt.Sprintf("Offline: this file holds the %d most recent errors kept by the snapshot of %s, not every error of the range. Export again when the platform is reachable for the full list.",
			len(snap.Data.RecentErrors), snap.FetchedAt.In(time.Local).Format("2 Jan 2006 15:04")), nil
	}}, nil
}

// Snapshots lists the snapshots fetched between from and to (RFC 3339; empty
// is open), newest first.
func (u *Usage) Snapshots(from, to string) ([]cache.SnapshotMeta, error) {
	tenant, err := u.tenant()
	if err != nil {
		return nil, err
	}
	var f, t time.Time
	if from != "" {
		if f, err = time.Parse(time.RFC3339, from); err != nil {
			return nil, BadInput("from", "Pick a valid start date and time")
		}
	}
	if to != "" {
		if t, err = time.Parse(time.RFC3339, to); err != nil {
			return nil, BadInput("to", "Pick a valid end date and time")
		}
	}
	list, err := u.snaps.List(tenant, f, t, 500)
	return list, ToUI(err)
}

// Snapshot returns one snapshot by id.
func (u *Usage) Snapshot(id string) (SnapshotView, error) {
	tenant, err := u.tenant()
	if err != nil {
		return SnapshotView{}, err
	}
	s, err := u.snaps.get(tenant, id)
	switch {
	case errors.Is(err, cache.ErrNotFound), errors.Is(err, cache.ErrBadSnapshotID):
		return SnapshotView{}, &UIError{Status: 404, Code: wire.CodeNotFound,
			Message: "This snapshot is no longer kept (snapshots are kept for " + retentionWords(u.snaps.Retention()) + ")."}
	case err != nil:
		return SnapshotView{}, ToUI(err)
	}
	return SnapshotView{SnapshotMeta: s.SnapshotMeta, Data: s.Data, AgeSeconds: int64(math.Max(0, s.Age(u.now()).Seconds()))}, nil
}

func retentionWords(d time.Duration) string {
	if days := int(d.Hours() / 24); days >= 1 {
		return fmt.Sprintf("%d days", days)
	}
	return d.String()
}

// ExportSnapshot returns a snapshot as a CSV or JSON file.
func (u *Usage) ExportSnapshot(id, format string) (ExportFile, error) {
	if format != "csv" && format != "json" {
		return ExportFile{}, BadInput("format", "Choose CSV or JSON")
	}
	s, err := u.Snapshot(id)
	if err != nil {
		return ExportFile{}, err
	}
	base := "usage-snapshot-" + strings.ReplaceAll(s.Range, ":", "-") + "-" + s.FetchedAt.UTC().Format("20060102-150405")
	if format == "json" {
		b, err := snapshotJSON(s)
		if err != nil {
			return ExportFile{}, ToUI(err)
		}
		return ExportFile{Filename: base + ".json", ContentType: "application/json", Content: b}, nil
	}
	b, err := snapshotCSV(s)
	if err != nil {
		return ExportFile{}, ToUI(err)
	}
	return ExportFile{Filename: base + ".csv", ContentType: "text/csv", Content: b}, nil
}
