package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/backend/wire"
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

// The demo's keys read what they are under their name, and keys made with
// the earlier wording stay the demo's: no second set is seeded on a data
// directory from before.
func TestDemoKeysKeepTheirEarlierMark(t *testing.T) {
	e := newEnv(t, envOpts{})
	a := e.admin()
	old := e.createKey(a, wire.CreateKeyRequest{Name: demoKeySpecs[0].name, Description: legacyDemoDescription,
		Environment: demoKeySpecs[0].env, Permissions: demoKeySpecs[0].perms})
	var tenantID string
	if err := e.srv.db.GetJSON([]byte(kSeeded), &tenantID); err != nil {
		t.Fatal(err)
	}
	var admin userRec
	if err := e.srv.db.GetJSON([]byte(pUser+demoRoles[0].email), &admin); err != nil {
		t.Fatal(err)
	}
	got, err := e.srv.demoKeyEntry(tenantID, admin, demoKeySpecs[0])
	if err != nil {
		t.Fatal(err)
	}
	if id := got.state.Load().rec.ID; id != old.Key.KeyID {
		t.Errorf("the demo made key %s beside its earlier one %s", id, old.Key.KeyID)
	}
	fresh, err := e.srv.demoKeyEntry(tenantID, admin, demoKeySpecs[1])
	if err != nil {
		t.Fatal(err)
	}
	if d := fresh.state.Load().rec.Description; d != demoDescription || strings.Contains(d, "--") {
		t.Errorf("a new demo key reads %q", d)
	}
}
