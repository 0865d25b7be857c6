package sandbox

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// Who may change keys. SPEC §1 gives key management to tenant admins and
// makes support read-only. Developers need keys of their own to work with
// (the tester, their apps), so they may create keys and rotate, edit or
// revoke the keys they created themselves — but never grant the dangerous
// permissions (full_access, manage_api_keys, manage_billing), and never touch
// a colleague's key. Support may not change anything (403 forbidden): the
// operations table allows key changes to admins and developers only
// (openapi.Operations), and the router checks it.

func mayManage(ss *session, r keyRec) bool {
	switch ss.user.Role {
	case wire.RoleAdmin:
		return true
	case wire.RoleDeveloper:
		return r.CreatedByID == ss.user.ID
	}
	return false
}

func mayGrant(ss *session, perms []string) bool {
	return ss.user.Role == wire.RoleAdmin || !hasDangerous(perms)
}

func (s *Server) plan(tenantID string) apikey.Plan {
	t, _ := s.tenant(tenantID)
	p, _ := apikey.PlanByName(t.Plan)
	return p
}

func (s *Server) handleListKeys(w http.ResponseWriter, r *http.Request, ss *session) {
	q := r.URL.Query()
	status, sortBy, text := q.Get("status"), q.Get("sort"), strings.ToLower(strings.TrimSpace(q.Get("q")))
	fields := map[string]string{}
	if status == "" {
		status = "all"
	}
	if !slices.Contains([]string{"all", "active", "revoked", "expired"}, status) {
		fields["status"] = "status must be all, active, revoked or expired"
	}
	if sortBy == "" {
		sortBy = "created"
	}
	if !slices.Contains([]string{"created", "last_used", "name"}, sortBy) {
		fields["sort"] = "sort must be created, last_used or name"
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	now, plan := s.now(), s.plan(ss.tenant.ID)
	out := []wire.Key{}
	for _, e := range s.keys.ofTenant(ss.tenant.ID) {
		k := e.view(now, plan)
		if status != "all" && k.Status != status {
			continue
		}
		if text != "" && !strings.Contains(strings.ToLower(k.Name), text) && !strings.Contains(strings.ToLower(k.KeyID), text) {
			continue
		}
		out = append(out, k)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch sortBy {
		case "name":
			if !strings.EqualFold(a.Name, b.Name) {
				return strings.ToLower(a.Name) < strings.ToLower(b.Name)
			}
		case "last_used":
			if (a.LastUsed == nil) != (b.LastUsed == nil) {
				return a.LastUsed != nil
			}
			if a.LastUsed != nil && !a.LastUsed.Equal(*b.LastUsed) {
				return a.LastUsed.After(*b.LastUsed)
			}
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		return a.KeyID < b.KeyID
	})
	writeJSON(w, http.StatusOK, wire.KeyList{APIKeys: out, Total: len(out)})
}

func (s *Server) handlePermissions(w http.ResponseWriter, r *http.Request, ss *session) {
	writeJSON(w, http.StatusOK, catalog)
}

func (s *Server) handleGetKey(w http.ResponseWriter, r *http.Request, ss *session) {
	e := s.keys.get(ss.tenant.ID, r.PathValue("key_id"))
	if e == nil {
		writeError(w, errNotFound)
		return
	}
	d := wire.KeyDetails{Key: e.view(s.now(), s.plan(ss.tenant.ID))}
	d.UsageByDay, d.TopEndpoints, d.RecentIPs = s.usage.KeyStats(ss.tenant.ID, d.KeyID)
	audit, err := s.audit(d.KeyID, 50)
	if err != nil {
		s.log.WithError(err).Error("read audit")
		writeError(w, errInternal)
		return
	}
	d.Audit = audit
	if d.UsageByDay == nil {
		d.UsageByDay = []wire.DayUsage{}
	}
	if d.TopEndpoints == nil {
		d.TopEndpoints = []wire.EndpointCount{}
	}
	if d.RecentIPs == nil {
		d.RecentIPs = []wire.RecentIP{}
	}
	writeJSON(w, http.StatusOK, d)
}

// keyChange guards the sensitive key routes after the role check of the
// operations table (support may not change keys): sudo, then (for an
// existing key) tenant and ownership.
func (s *Server) keyChange(h func(http.ResponseWriter, *http.Request, *session, *keyEntry)) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, ss *session) {
		if e := s.checkSudo(r, ss); e != nil {
			writeError(w, e)
			return
		}
		var e *keyEntry
		if id := r.PathValue("key_id"); id != "" {
			if e = s.keys.get(ss.tenant.ID, id); e == nil {
				writeError(w, errNotFound)
				return
			}
			if !mayManage(ss, e.state.Load().rec) {
				writeError(w, errForbidden)
				return
			}
		}
		s.keyWrite.Lock()
		defer s.keyWrite.Unlock()
		h(w, r, ss, e)
	}
}

func (s *Server) handleCreateKey(w http.ResponseWriter, r *http.Request, ss *session, _ *keyEntry) {
	var req wire.CreateKeyRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	now := s.now()
	rec, fields := validateCreate(&req, now)
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	if !mayGrant(ss, rec.Permissions) {
		writeError(w, apiErr(http.StatusForbidden, wire.CodeForbidden, wire.MsgDangerousAdminOnly))
		return
	}
	secret, err := apikey.GenerateKey(rec.Environment)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	rec.ID, rec.TenantID = newID("key_"), ss.tenant.ID
	rec.Hash, rec.Masked = hashHex(apikey.HashKey(secret)), apikey.Mask(secret)
	rec.CreatedAt, rec.CreatedBy, rec.CreatedByID = now.Truncate(time.Millisecond), ss.user.Email, ss.user.ID
	ev := wire.AuditEvent{Kind: "created", Actor: ss.user.Email, Detail: map[string]any{
		"environment": rec.Environment, "permissions": rec.Permissions}}
	e, ok := s.commitKey(w, s.actor(r, ss), rec, ev)
	if !ok {
		return
	}
	writeJSON(w, http.StatusCreated, wire.CreateKeyResponse{APIKey: secret, Key: e.view(now, s.plan(ss.tenant.ID)), Warning: wire.MsgKeyWarning})
}

// commitKey stores the key (see storeKey) and answers 500 when that fails.
func (s *Server) commitKey(w http.ResponseWriter, who actor, rec keyRec, evs ...wire.AuditEvent) (*keyEntry, bool) {
	e, err := s.storeKey(who, rec, evs...)
	if err != nil {
		s.log.WithError(err).WithField("key_id", rec.ID).Error("store key")
		writeError(w, errInternal)
		return nil, false
	}
	return e, true
}

// storeKey writes the key, its audit events and their tenant-wide audit
// entries (by who) to Badger (synced) in one transaction, and only then
// updates the in-memory index: an acknowledged change survives a kill.
func (s *Server) storeKey(who actor, rec keyRec, evs ...wire.AuditEvent) (*keyEntry, error) {
	now := s.now()
	var old *keyRec
	if e := s.keys.get(rec.TenantID, rec.ID); e != nil {
		r := e.state.Load().rec
		old = &r
	}
	notices := s.keyNotices(who, rec, evs, now)
	err := s.db.Update(func(tx *cache.Tx) error {
		if err := tx.SetJSON([]byte(pKey+rec.ID), rec, 0); err != nil {
			return err
		}
		for _, m := range notices {
			if err := tx.SetJSON([]byte(pOutbox+rec.TenantID+"/"+m.ID), m, 0); err != nil {
				return err
			}
		}
		for i := range evs {
			evs[i].ID = orderedID("aud_", now)
			evs[i].At = now
			if err := tx.SetJSON([]byte(pAudit+rec.ID+"/"+evs[i].ID), evs[i], 0); err != nil {
				return err
			}
			te := who.keyEntry(now, old, rec, evs[i])
			if err := s.auditLog.Put(tx, rec.TenantID, &te); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.keys.put(rec)
}

func (s *Server) handleRevokeKey(w http.ResponseWriter, r *http.Request, ss *session, e *keyEntry) {
	rec := cloneRec(e.state.Load().rec)
	if rec.RevokedAt != nil {
		writeError(w, apiErr(http.StatusConflict, wire.CodeAlreadyRevoked, wire.MsgKeyRevoked))
		return
	}
	now := s.now()
	rec.RevokedAt = timePtr(now)
	if _, ok := s.commitKey(w, s.actor(r, ss), rec, wire.AuditEvent{Kind: "revoked", Actor: ss.user.Email}); !ok {
		return
	}
	writeJSON(w, http.StatusOK, wire.RevokeKeyResponse{Message: wire.MsgKeyRevokedDone, KeyID: rec.ID, RevokedAt: now})
}

func (s *Server) handlePatchKey(w http.ResponseWriter, r *http.Request, ss *session, e *keyEntry) {
	var req wire.UpdateKeyRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	old := e.state.Load().rec
	rec := cloneRec(old)
	if rec.RevokedAt != nil {
		writeError(w, apiErr(http.StatusConflict, wire.CodeAlreadyRevoked, wire.MsgKeyRevoked))
		return
	}
	now := s.now()
	fields := map[string]string{}
	changed := []string{}
	if req.Name != nil {
		rec.Name = validateName(*req.Name, fields)
		if rec.Name != old.Name {
			changed = append(changed, "name")
		}
	}
	if req.Description != nil {
		rec.Description = validateDescription(*req.Description, fields)
		if rec.Description != old.Description {
			changed = append(changed, "description")
		}
	}
	if req.Permissions != nil {
		rec.Permissions = validatePermissions(*req.Permissions, fields)
	}
	if req.AllowedIPs != nil {
		rec.AllowedIPs = validateAllowList(*req.AllowedIPs, fields)
		if !slices.Equal(rec.AllowedIPs, old.AllowedIPs) {
			changed = append(changed, "allowed_ips")
		}
	}
	switch {
	case req.NeverExpires && req.ExpiresAt != nil:
		fields["expires_at"] = "Give either expires_at or never_expires, not both"
	case req.NeverExpires:
		rec.ExpiresAt = nil
	case req.ExpiresAt != nil:
		rec.ExpiresAt = validateExpiry(req.ExpiresAt, now, fields)
	}
	if !equalTimePtr(rec.ExpiresAt, old.ExpiresAt) {
		changed = append(changed, "expires_at")
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	var evs []wire.AuditEvent
	if req.Permissions != nil && !slices.Equal(rec.Permissions, old.Permissions) {
		if !mayGrant(ss, rec.Permissions) {
			writeError(w, apiErr(http.StatusForbidden, wire.CodeForbidden, wire.MsgDangerousAdminOnly))
			return
		}
		added, removed := diff(old.Permissions, rec.Permissions)
		evs = append(evs, wire.AuditEvent{Kind: "permissions_changed", Actor: ss.user.Email,
			Detail: map[string]any{"added": added, "removed": removed}})
	}
	if len(changed) > 0 {
		evs = append(evs, wire.AuditEvent{Kind: "updated", Actor: ss.user.Email, Detail: map[string]any{"fields": changed}})
	}
	if len(evs) == 0 { // nothing changed: answer the key as it is
		writeJSON(w, http.StatusOK, e.view(now, s.plan(ss.tenant.ID)))
		return
	}
	e, ok := s.commitKey(w, s.actor(r, ss), rec, evs...)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, e.view(now, s.plan(ss.tenant.ID)))
}

func (s *Server) audit(keyID string, n int) ([]wire.AuditEvent, error) {
	out := []wire.AuditEvent{}
	err := s.db.Scan([]byte(pAudit+keyID+"/"), true, func(_, v []byte) error {
		var ev wire.AuditEvent
		if err := json.Unmarshal(v, &ev); err != nil {
			return err
		}
		out = append(out, ev)
		if len(out) >= n {
			return cache.ErrStop
		}
		return nil
	})
	return out, err
}

func cloneRec(r keyRec) keyRec {
	r.Permissions = slices.Clone(r.Permissions)
	r.AllowedIPs = slices.Clone(r.AllowedIPs)
	r.Retired = slices.Clone(r.Retired)
	r.Previous = slices.Clone(r.Previous)
	return r
}

func equalTimePtr(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func diff(old, cur []string) (added, removed []string) {
	added, removed = []string{}, []string{}
	for _, p := range cur {
		if !slices.Contains(old, p) {
			added = append(added, p)
		}
	}
	for _, p := range old {
		if !slices.Contains(cur, p) {
			removed = append(removed, p)
		}
	}
	return
}
