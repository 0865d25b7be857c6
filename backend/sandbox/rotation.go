package sandbox

import (
	"net/http"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
)

// handleRotateKey is POST /platform/api-keys/{key_id}/rotate with an optional
// {"grace": "now"|"1h"|"24h"|"3d"|"7d"} (default 24h). The replaced secret
// keeps working until its own deadline; "now" ends it at once (a leaked key).
func (s *Server) handleRotateKey(w http.ResponseWriter, r *http.Request, ss *session, e *keyEntry) {
	var req wire.RotateKeyRequest
	// No body at all is the default grace; a body must be valid JSON.
	if r.ContentLength != 0 && !decodeJSON(w, r, &req) {
		return
	}
	if req.Grace == "" {
		req.Grace = wire.GraceDefault
	}
	grace, ok := wire.GraceLength(req.Grace)
	if !ok {
		writeError(w, invalid(map[string]string{"grace": wire.GraceProblem}))
		return
	}
	rec := cloneRec(e.state.Load().rec)
	if rec.RevokedAt != nil {
		writeError(w, apiErr(http.StatusConflict, wire.CodeAlreadyRevoked, wire.MsgKeyRevoked))
		return
	}
	secret, err := apikey.GenerateKey(rec.Environment)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	now := s.now()
	deadline := now.Add(grace)
	if apiE := rotate(&rec, hashHex(apikey.HashKey(secret)), apikey.Mask(secret), now, grace); apiE != nil {
		writeError(w, apiE)
		return
	}
	ev := wire.AuditEvent{Kind: "rotated", Actor: ss.user.Email, Detail: map[string]any{
		"previous_masked_key": e.state.Load().rec.Masked, "masked_key": rec.Masked,
		"grace": req.Grace, "previous_expires_at": deadline}}
	e, ok = s.commitKey(w, s.actor(r, ss), rec, ev)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, wire.RotateKeyResponse{APIKey: secret, Key: e.view(now, s.plan(ss.tenant.ID)), PreviousKeyExpiresAt: deadline})
}

// rotate makes hash the key's current secret. The replaced secret joins the
// previous secrets with deadline now+grace, or is retired at once for a zero
// grace. Previous secrets whose deadline has passed are retired (their use
// still answers key_revoked). A grace that would leave more than
// MaxLivePreviousSecrets working previous secrets is refused with 409, and
// rec is then left as it was.
func rotate(rec *keyRec, hash, masked string, now time.Time, grace time.Duration) *wire.APIError {
	live := rec.Previous[:0:0]
	retired := rec.Retired
	for _, p := range rec.Previous {
		if now.Before(p.ExpiresAt) {
			live = append(live, p)
		} else {
			retired = append(retired, p.Hash)
		}
	}
	if grace > 0 && len(live) >= wire.MaxLivePreviousSecrets {
		next := live[0].ExpiresAt
		for _, p := range live {
			if p.ExpiresAt.Before(next) {
				next = p.ExpiresAt
			}
		}
		return apiErr(http.StatusConflict, wire.CodeTooManyPreviousSecrets,
			wire.TooManyPreviousSecretsMessage(next.UTC().Format(time.RFC3339)))
	}
	if grace > 0 {
		live = append([]prevSecret{{Hash: rec.Hash, Masked: rec.Masked, RotatedAt: now, ExpiresAt: now.Add(grace)}}, live...)
	} else {
		retired = append(retired, rec.Hash)
	}
	rec.Previous, rec.Retired = live, retired
	rec.Hash, rec.Masked = hash, masked
	return nil
}
