package sandbox

import (
	"testing"

	"github.com/penguinmails/console/backend/wire"
)

// track_opens and track_clicks are taken by POST /emails/send, kept, and
// returned by GET /emails/{id}; off unless asked; a non-boolean is named.
func TestSendKeepsTrackingChoices(t *testing.T) {
	e := newEnv(t, envOpts{})
	k := e.createKey(e.admin(), allPerms("test")).APIKey
	send := func(body map[string]any) wire.Email {
		t.Helper()
		var sent wire.SendEmailResponse
		r := e.gw("POST", "/emails/send", k, body)
		r.decode(t, &sent)
		if r.status != 202 {
			t.Fatalf("send: %d %s", r.status, r.body)
		}
		var em wire.Email
		e.gw("GET", "/emails/"+sent.ID, k, nil).decode(t, &em)
		return em
	}
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"to": "a@example.com", "subject": "s", "text_body": "b"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	if em := send(base(map[string]any{"track_opens": true, "track_clicks": false})); !em.TrackOpens || em.TrackClicks {
		t.Fatalf("opens only: %+v", em)
	}
	if em := send(base(map[string]any{"track_clicks": true})); em.TrackOpens || !em.TrackClicks {
		t.Fatalf("clicks only: %+v", em)
	}
	if em := send(base(nil)); em.TrackOpens || em.TrackClicks {
		t.Fatalf("default: %+v", em)
	}
	r := e.gw("POST", "/emails/send", k, base(map[string]any{"track_opens": "yes"}))
	if r.status != 400 || r.apiErr().Fields["track_opens"] == "" {
		t.Fatalf("non-boolean track_opens: %d %s", r.status, r.body)
	}
}
