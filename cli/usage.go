package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/penguinmails/console/app"
)

func runUsage(ctx context.Context, c *invocation) error {
	fs := c.flags("usage")
	rng := fs.String("range", "24h", "1h, 24h, 7d or 30d")
	key := fs.String("key", "", "only this key's usage")
	format := fs.String("format", "table", "table, json or csv")
	pos, err := parse(fs, c.args)
	if err != nil {
		return err
	}
	if err := want(pos); err != nil {
		return err
	}
	switch *rng {
	case "1h", "24h", "7d", "30d":
	default:
		return usagef("--range %q: want 24h, 7d or 30d (or 1h)", *rng)
	}
	if c.json {
		*format = "json"
	}
	if *format != "table" && *format != "json" && *format != "csv" {
		return usagef("--format %q: want table, json or csv", *format)
	}
	a, err := c.signedIn(ctx)
	if err != nil {
		return err
	}
	v, err := a.Usage.Get(app.UsageRequest{Range: *rng, KeyID: *key})
	if err != nil {
		return err
	}
	if v.Offline {
		c.warnf("The platform cannot be reached: this is the snapshot fetched %s (%s ago).",
			v.FetchedAt.UTC().Format(time.RFC3339), (time.Duration(v.AgeSeconds) * time.Second).String())
	}
	if *format == "table" {
		return c.usageTable(v)
	}
	// The same files the window's Export writes, from the snapshot this
	// answer was kept as.
	f, err := a.Usage.ExportSnapshot(v.SnapshotID, *format)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(c.io.Stdout, f.Content)
	if err == nil && f.Content != "" && f.Content[len(f.Content)-1] != '\n' {
		_, err = fmt.Fprintln(c.io.Stdout)
	}
	return err
}

func (c *invocation) usageTable(v app.UsageView) error {
	d, s := v.Data, v.Data.Summary
	w := tabwriter.NewWriter(c.io.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "Range\t%s → %s (by %s)\n", d.Range.From.UTC().Format(time.RFC3339), d.Range.To.UTC().Format(time.RFC3339), d.Range.Granularity)
	fmt.Fprintf(w, "Total requests\t%d\n", s.TotalRequests)
	fmt.Fprintf(w, "Success rate\t%.1f %%\n", s.SuccessRate)
	fmt.Fprintf(w, "Latency\tavg %.1f ms, p95 %.1f ms\n", s.AvgLatencyMs, s.P95LatencyMs)
	fmt.Fprintf(w, "Peak\t%d requests/min (%d rate-limited)\n", s.PeakRPM, s.RateLimitedCount)
	if err := w.Flush(); err != nil {
		return err
	}
	if len(d.Endpoints) > 0 {
		fmt.Fprintln(c.io.Stdout)
		w = tabwriter.NewWriter(c.io.Stdout, 0, 0, 2, ' ', 0)
		// Errors are client and server errors; the 429s are counted apart,
		// as in the Usage screen's endpoints table and the CSV export.
		fmt.Fprintln(w, "METHOD\tENDPOINT\tREQUESTS\tSUCCESS %\tAVG MS\tERRORS\tRATE LIMITED")
		for _, e := range d.Endpoints {
			fmt.Fprintf(w, "%s\t%s\t%d\t%.1f\t%.1f\t%d\t%d\n", e.Method, e.Endpoint, e.Requests, e.SuccessRate, e.AvgLatencyMs, e.Errors, e.RateLimited)
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
	if len(d.Keys) > 0 {
		fmt.Fprintln(c.io.Stdout)
		w = tabwriter.NewWriter(c.io.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "KEY\tNAME\tREQUESTS\tSUCCESS %\tLAST USED")
		for _, k := range d.Keys {
			fmt.Fprintf(w, "%s\t%s\t%d\t%.1f\t%s\n", k.KeyID, k.Name, k.Requests, k.SuccessRate, when(k.LastUsed, "never"))
		}
		return w.Flush()
	}
	return nil
}
