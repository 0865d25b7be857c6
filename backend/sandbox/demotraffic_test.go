package sandbox

import (
	"testing"
	"time"
)

// The demo's live traffic stays inside the plan unless a rate-limit episode
// was asked for (issue #14: the demo alone read "592 / 300 (197%)").
func TestDemoBurstsOnlyWhenAsked(t *testing.T) {
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	first := start.Add(-4*time.Minute - 30*time.Second) // as run() starts
	quiet := &demoDriver{}
	for m := 0; m < 24*60; m++ {
		if now := start.Add(time.Duration(m) * time.Minute); quiet.burstDue(now, first) {
			t.Fatalf("default demo traffic bursts at %v", now)
		}
	}
	loud := &demoDriver{}
	WithRateLimitEpisodes()(loud)
	if loud.burstDue(start, first) {
		t.Fatal("the first episode comes about 30 s in, not at once")
	}
	if !loud.burstDue(start.Add(31*time.Second), first) {
		t.Fatal("with episodes asked for, the first burst comes about 30 s in")
	}
	if loud.burstDue(start.Add(4*time.Minute), start) || !loud.burstDue(start.Add(5*time.Minute+time.Second), start) {
		t.Fatal("episodes repeat every 5 minutes")
	}
}
