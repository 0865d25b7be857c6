package usage

import (
	"net/http"
	"sort"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// Granularities as reported in range.granularity.
var granularityName = [nLevels]string{"minute", "hour", "day"}

const (
	maxRange      = 400 * 24 * time.Hour
	maxEndpoints  = 50
	maxRecentRows = 100
)

// Problems names, by query parameter, what is wrong with q's range: a
// named range other than 1h, 24h, 7d or 30d ("" is 24h), or a custom one
// that does not end after it starts or spans more than 400 days. The one
// rule for the platform's handlers and the store.
func Problems(q wire.UsageQuery) map[string]string {
	fields := map[string]string{}
	if q.From == nil && q.To == nil {
		switch q.Range {
		case "", "1h", "24h", "7d", "30d":
		default:
			fields["range"] = "range must be 1h, 24h, 7d or 30d"
		}
		return fields
	}
	if q.From != nil && q.To != nil {
		switch span := q.To.Sub(*q.From); {
		case span <= 0:
			fields["to"] = "to must be after from"
		case span > maxRange:
			fields["from"] = "the range may span at most 400 days"
		}
	}
	return fields
}

func badRange(fields map[string]string) error {
	return &wire.APIError{Status: http.StatusBadRequest, Code: wire.CodeInvalidRequest,
		Message: wire.MsgValidation, Fields: fields}
}

// resolveRange turns a query into an aligned [from, to) and the series level:
// 1h and 24h by minute, 7d and 30d by hour; custom ranges by their length and
// by which rollups still exist that far back.
func resolveRange(q wire.UsageQuery, now time.Time) (from, to int64, lv level, err error) {
	if p := Problems(q); len(p) > 0 {
		return 0, 0, 0, badRange(p)
	}
	if q.From != nil || q.To != nil {
		t := now
		if q.To != nil {
			t = *q.To
		}
		f := t.Add(-24 * time.Hour)
		if q.From != nil {
			f = *q.From
		}
		if p := Problems(wire.UsageQuery{From: &f, To: &t}); len(p) > 0 { // one end given, the other implied
			return 0, 0, 0, badRange(p)
		}
		span := t.Sub(f)
		switch {
		case span <= minuteRetention && !f.Before(now.Add(-minuteRetention)):
			lv = lvMinute
		case span <= 31*24*time.Hour && !f.Before(now.Add(-hourRetention)):
			lv = lvHour
		default:
			lv = lvDay
		}
		size := levelSec[lv]
		from = bucketStart(f.Unix(), lv)
		to = bucketStart(t.Unix()+size-1, lv)
		return from, to, lv, nil
	}
	var span time.Duration
	switch q.Range {
	case "1h":
		span, lv = time.Hour, lvMinute
	case "", "24h":
		span, lv = 24*time.Hour, lvMinute
	case "7d":
		span, lv = 7*24*time.Hour, lvHour
	case "30d":
		span, lv = 30*24*time.Hour, lvHour
	}
	// the current, partial bucket is the last point
	to = bucketStart(now.Unix(), lv) + levelSec[lv]
	from = to - int64(span/time.Second)
	return from, to, lv, nil
}

// cover lists the largest buckets that tile [from, to) exactly, so that a
// 30-day answer reads about 80 rollups instead of 43,200 minutes.
func cover(th *tenantHist, from, to int64, finest level) []*bucket {
	var out []*bucket
	for t := from; t < to; {
		lv := finest
		for l := lvDay; l > finest; l-- {
			if t%levelSec[l] == 0 && t+levelSec[l] <= to {
				lv = l
				break
			}
		}
		if b := th.lv[lv][t]; b != nil {
			out = append(out, b)
		}
		t += levelSec[lv]
	}
	return out
}

func pct(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

func ms(us, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(us) / float64(n) / 1000
}

func nanoTime(ns int64) *time.Time {
	if ns == 0 {
		return nil
	}
	t := time.Unix(0, ns).UTC()
	return &t
}

// Query answers GET /tenant/analytics/api-usage for a tenant from the
// rollups. planLimitPerMin is the tenant's plan limit; keyNames names the
// keys in the answer.
func (s *Store) Query(tenantID string, q wire.UsageQuery, planLimitPerMin int64, keyNames map[string]string) (wire.APIUsage, error) {
	now := s.clock()
	from, to, lv, err := resolveRange(q, now)
	if err != nil {
		return wire.APIUsage{}, err
	}
	s.drain()
	out := wire.APIUsage{
		Range: wire.UsageRange{From: time.Unix(from, 0).UTC(), To: time.Unix(to, 0).UTC(),
			Granularity: granularityName[lv]},
		GeneratedAt:     now.UTC(),
		Series:          []wire.SeriesPoint{},
		RateLimitSeries: []wire.RateLimitPoint{},
		Endpoints:       []wire.EndpointStats{},
		ErrorsByStatus:  []wire.StatusCount{},
		RecentErrors:    []wire.RecentError{},
		Keys:            []wire.KeyUsage{},
	}

	s.mu.RLock()
	th := s.tenants[tenantID]
	if th == nil {
		th = newTenantHist()
	}
	ki, known := s.in.keys[q.KeyID]
	filter := q.KeyID != ""
	if filter && !known {
		th = newTenantHist() // a key with no traffic: zeros everywhere
	}
	pick := func(b *bucket) *agg {
		if b == nil {
			return nil
		}
		if filter {
			return b.keys[ki]
		}
		return &b.total
	}

	size := levelSec[lv]
	for t := from; t < to; t += size {
		tt := time.Unix(t, 0).UTC()
		p := wire.SeriesPoint{T: tt}
		var peak int64
		if a := pick(th.lv[lv][t]); a != nil {
			p.Total = a.total()
			p.Success = a.n[clsSuccess]
			p.ClientErrors = a.n[clsClient]
			p.ServerErrors = a.n[clsServer]
			p.RateLimited = a.n[clsLimited]
			peak = a.peak
		}
		out.Series = append(out.Series, p)
		out.RateLimitSeries = append(out.RateLimitSeries, wire.RateLimitPoint{T: tt, PeakRPM: peak, Limit: planLimitPerMin})
	}

	var sum agg
	eps := make([]epAcc, len(s.in.epNames))
	status := map[int]int64{}
	perKey := map[uint32]*agg{}
	for _, b := range cover(th, from, to, lv) {
		if a := pick(b); a != nil {
			sum.addAgg(a)
		}
		for k, a := range b.keys {
			if filter && k != ki {
				continue
			}
			pk := perKey[k]
			if pk == nil {
				pk = &agg{}
				perKey[k] = pk
			}
			pk.n = addN(pk.n, a.n)
			pk.last = max(pk.last, a.last)
		}
		for _, r := range b.rows {
			di := &s.in.dimInfo[r.dim]
			if filter && di.key != ki {
				continue
			}
			e := &eps[di.ep]
			e.n += r.n
			e.lat += r.lat
			if di.status >= 200 && di.status < 300 {
				e.ok += r.n
			}
			switch classOf(di.status) {
			case clsClient, clsServer:
				e.errs += r.n
			case clsLimited:
				e.limited += r.n
			}
			if di.status >= 400 {
				status[di.status] += r.n // the breakdown by status shows 429 on its own row
			}
		}
	}
	total := sum.total()
	out.Summary = wire.UsageSummary{
		TotalRequests:    total,
		SuccessRate:      pct(sum.n[clsSuccess], total),
		AvgLatencyMs:     ms(sum.lat, total),
		P95LatencyMs:     sum.h.quantile(0.95),
		PeakRPM:          sum.peak,
		RateLimitedCount: sum.n[clsLimited],
	}
	if planLimitPerMin > 0 {
		out.Summary.RateLimitUsagePct = float64(sum.peak) * 100 / float64(planLimitPerMin)
	}
	for i, e := range eps {
		if e.n == 0 {
			continue
		}
		name := s.in.epNames[i]
		out.Endpoints = append(out.Endpoints, wire.EndpointStats{Method: name[0], Endpoint: name[1],
			Requests: e.n, SuccessRate: pct(e.ok, e.n), AvgLatencyMs: ms(e.lat, e.n), Errors: e.errs, RateLimited: e.limited})
	}
	for k, a := range perKey {
		id := s.in.keyNames[k]
		n := a.total()
		if n == 0 {
			continue
		}
		out.Keys = append(out.Keys, wire.KeyUsage{KeyID: id, Name: keyNames[id], Requests: n,
			SuccessRate: pct(a.n[clsSuccess], n), LastUsed: nanoTime(a.last)})
	}
	s.mu.RUnlock()

	sort.Slice(out.Endpoints, func(i, j int) bool {
		a, b := out.Endpoints[i], out.Endpoints[j]
		if a.Requests != b.Requests {
			return a.Requests > b.Requests
		}
		return a.Method+a.Endpoint < b.Method+b.Endpoint
	})
	if len(out.Endpoints) > maxEndpoints {
		out.Endpoints = out.Endpoints[:maxEndpoints]
	}
	sort.Slice(out.Keys, func(i, j int) bool {
		if out.Keys[i].Requests != out.Keys[j].Requests {
			return out.Keys[i].Requests > out.Keys[j].Requests
		}
		return out.Keys[i].KeyID < out.Keys[j].KeyID
	})
	var errTotal int64
	for _, n := range status {
		errTotal += n
	}
	for st, n := range status {
		out.ErrorsByStatus = append(out.ErrorsByStatus, wire.StatusCount{Status: st, Count: n, Pct: pct(n, errTotal)})
	}
	sort.Slice(out.ErrorsByStatus, func(i, j int) bool {
		a, b := out.ErrorsByStatus[i], out.ErrorsByStatus[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Status < b.Status
	})
	for _, e := range s.errorsIn(tenantID, q.KeyID, from, to) {
		if len(out.RecentErrors) == maxRecentRows {
			break
		}
		out.RecentErrors = append(out.RecentErrors, e)
	}
	return out, nil
}

type epAcc struct{ n, ok, errs, limited, lat int64 }

func addN(a, b [nClasses]int64) [nClasses]int64 {
	for i := range a {
		a[i] += b[i]
	}
	return a
}

// Span is the [from, to) the usage answer of q covers, so an export of the
// range holds exactly what the screen counted.
func (s *Store) Span(q wire.UsageQuery) (from, to time.Time, err error) {
	f, t, _, err := resolveRange(q, s.clock())
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return time.Unix(f, 0).UTC(), time.Unix(t, 0).UTC(), nil
}
