package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

const pTenantSettings = "sb/ts/" // + tenantID

// tenantSettings holds each tenant's settings in memory (the gateway reads
// them on every request), written through to Badger.
type tenantSettings struct {
	mu sync.RWMutex
	m  map[string]wire.TenantSettings
}

func defaultTenantSettings() wire.TenantSettings { return wire.TenantSettings{LogBodies: true} }

func (ts *tenantSettings) load(db *cache.DB) error {
	ts.m = map[string]wire.TenantSettings{}
	return db.Scan([]byte(pTenantSettings), false, func(k, v []byte) error {
		st := defaultTenantSettings()
		if err := json.Unmarshal(v, &st); err != nil {
			return err
		}
		ts.m[strings.TrimPrefix(string(k), pTenantSettings)] = st
		return nil
	})
}

func (ts *tenantSettings) get(tenantID string) wire.TenantSettings {
	ts.mu.RLock()
	defer ts.mu.RUnlock()
	if st, ok := ts.m[tenantID]; ok {
		return st
	}
	return defaultTenantSettings()
}

// logBodies tells whether the tenant's request log keeps bodies.
func (s *Server) logBodies(tenantID string) bool { return s.settings.get(tenantID).LogBodies }

func (s *Server) handleGetTenantSettings(w http.ResponseWriter, r *http.Request, ss *session) {
	writeJSON(w, http.StatusOK, s.settings.get(ss.tenant.ID))
}

// handlePatchTenantSettings is admin-only (the operations table says so):
// turning body logging off (or on) changes what the platform keeps about
// every caller.
func (s *Server) handlePatchTenantSettings(w http.ResponseWriter, r *http.Request, ss *session) {
	var req wire.TenantSettingsPatch
	if !decodeJSON(w, r, &req) {
		return
	}
	s.settings.mu.Lock()
	defer s.settings.mu.Unlock()
	before := s.settings.m[ss.tenant.ID]
	if _, ok := s.settings.m[ss.tenant.ID]; !ok {
		before = defaultTenantSettings()
	}
	after := before
	if req.LogBodies != nil {
		after.LogBodies = *req.LogBodies
	}
	if after != before {
		ev := s.auditEntry(r, ss, wire.AuditSettingsChanged, ss.tenant.ID,
			map[string]any{"before": before, "after": after})
		err := s.db.Update(func(tx *cache.Tx) error {
			if err := tx.SetJSON([]byte(pTenantSettings+ss.tenant.ID), after, 0); err != nil {
				return err
			}
			return s.auditLog.Put(tx, ss.tenant.ID, &ev)
		})
		if err != nil {
			s.log.WithError(err).Error("store tenant settings")
			writeError(w, errInternal)
			return
		}
		s.settings.m[ss.tenant.ID] = after
	}
	writeJSON(w, http.StatusOK, after)
}
