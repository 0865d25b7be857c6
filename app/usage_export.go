package app

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// writeRecentErrorsCSV writes errors with the same columns as the
// platform's errors.csv, so an offline export reads like an online one.
func writeRecentErrorsCSV(out io.Writer, errs []wire.RecentError) error {
	w := csv.NewWriter(out)
	w.UseCRLF = true // RFC 4180, as the platform's
	_ = w.Write(wire.ErrorsCSVHeader)
	for _, e := range errs {
		_ = w.Write(e.CSVRow())
	}
	w.Flush()
	return w.Error()
}

func snapshotJSON(s SnapshotView) (string, error) {
	b, err := json.MarshalIndent(struct {
		ID        string        `json:"id"`
		Tenant    string        `json:"tenant"`
		Range     string        `json:"range"`
		KeyID     string        `json:"key_id,omitempty"`
		FetchedAt time.Time     `json:"fetched_at"`
		Data      wire.APIUsage `json:"data"`
	}{s.ID, s.Tenant, s.Range, s.KeyID, s.FetchedAt, s.Data}, "", "  ")
	return string(b), err
}

// snapshotCSV writes a whole snapshot as one CSV file: a section per table,
// each starting with a "# name" row and its header, separated by blank rows,
// so it opens cleanly in a spreadsheet.
func snapshotCSV(s SnapshotView) (string, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	section := func(name string, header ...string) {
		if b.Len() > 0 {
			_ = w.Write([]string{""})
		}
		_ = w.Write([]string{"# " + name})
		_ = w.Write(header)
	}
	d := s.Data
	section("snapshot", "id", "tenant", "range", "key_id", "fetched_at", "from", "to", "granularity")
	_ = w.Write([]string{s.ID, s.Tenant, s.Range, s.KeyID, ts(s.FetchedAt), ts(d.Range.From), ts(d.Range.To), d.Range.Granularity})
	section("summary", "total_requests", "success_rate", "avg_latency_ms", "p95_latency_ms", "rate_limit_usage_pct", "peak_rpm", "rate_limited_count")
	sm := d.Summary
	_ = w.Write([]string{i(sm.TotalRequests), f(sm.SuccessRate), f(sm.AvgLatencyMs), f(sm.P95LatencyMs), f(sm.RateLimitUsagePct), i(sm.PeakRPM), i(sm.RateLimitedCount)})
	section("series", "t", "total", "success", "client_errors", "server_errors", "rate_limited")
	for _, p := range d.Series {
		_ = w.Write([]string{ts(p.T), i(p.Total), i(p.Success), i(p.ClientErrors), i(p.ServerErrors), i(p.RateLimited)})
	}
	section("rate_limit", "t", "peak_rpm", "limit")
	for _, p := range d.RateLimitSeries {
		_ = w.Write([]string{ts(p.T), i(p.PeakRPM), i(p.Limit)})
	}
	section("endpoints", wire.EndpointsCSVHeader...)
	for _, e := range d.Endpoints {
		_ = w.Write(e.CSVRow())
	}
	section("errors_by_status", "status", "count", "pct")
	for _, e := range d.ErrorsByStatus {
		_ = w.Write([]string{strconv.Itoa(e.Status), i(e.Count), f(e.Pct)})
	}
	section("keys", "key_id", "name", "requests", "success_rate", "last_used")
	for _, k := range d.Keys {
		lu := ""
		if k.LastUsed != nil {
			lu = ts(*k.LastUsed)
		}
		_ = w.Write([]string{k.KeyID, k.Name, i(k.Requests), f(k.SuccessRate), lu})
	}
	section("recent_errors", "at", "key_id", "method", "endpoint", "status", "error", "message", "ip")
	for _, e := range d.RecentErrors {
		_ = w.Write([]string{e.At.UTC().Format(time.RFC3339Nano), e.KeyID, e.Method, e.Endpoint, strconv.Itoa(e.Status), e.Error, e.Message, e.IP})
	}
	w.Flush()
	return b.String(), w.Error()
}
