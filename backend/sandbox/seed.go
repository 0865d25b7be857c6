package sandbox

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is the work factor for user passwords (≈50–100 ms here);
// Config.PasswordCost lowers it for tests only.
const bcryptCost = 10

// Demo tenant sign-ins (SPEC §2.2).
var demoRoles = []struct{ email, name, role string }{
	{"admin@demo.penguinmails.test", "Ada Admin", wire.RoleAdmin},
	{"developer@demo.penguinmails.test", "Dev Developer", wire.RoleDeveloper},
	{"support@demo.penguinmails.test", "Sam Support", wire.RoleSupport},
}

// DemoSignIns are the demo tenant's sign-ins as every sandbox seeds them,
// known before one has started (no password: it is per data directory).
func DemoSignIns() []DemoUser {
	out := make([]DemoUser, len(demoRoles))
	for i, d := range demoRoles {
		out[i] = DemoUser{Email: d.email, Name: d.name, Role: d.role}
	}
	return out
}

// load reads tenants and keys into memory.
func (s *Server) load() error {
	err := s.db.Scan([]byte(pTenant), false, func(_, v []byte) error {
		var t tenantRec
		if err := json.Unmarshal(v, &t); err != nil {
			return err
		}
		s.addTenant(t)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load tenants: %w", err)
	}
	counters := map[string]keyCounters{}
	err = s.db.Scan([]byte(pCounters), false, func(k, v []byte) error {
		var c keyCounters
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		counters[strings.TrimPrefix(string(k), pCounters)] = c
		return nil
	})
	if err != nil {
		return fmt.Errorf("load key counters: %w", err)
	}
	seenIPs := map[string][]string{}
	err = s.db.Scan([]byte(pKeyIP), false, func(k, _ []byte) error {
		id, ip, _ := strings.Cut(strings.TrimPrefix(string(k), pKeyIP), "/")
		seenIPs[id] = append(seenIPs[id], ip)
		return nil
	})
	if err != nil {
		return fmt.Errorf("load key IPs: %w", err)
	}
	return s.db.Scan([]byte(pKey), false, func(_, v []byte) error {
		var r keyRec
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("load keys: %w", err)
		}
		c := counters[r.ID]
		r.migrateLegacy(&c)
		e, err := s.keys.put(r)
		if err != nil {
			return err
		}
		e.loadCounters(c)
		for _, ip := range seenIPs[r.ID] {
			e.seenIPs.Store(ip, struct{}{})
		}
		return nil
	})
}

// seedDemo creates the demo tenant and its three users on first start. On a
// later start it only updates the users' password when one is configured, so
// the printed sign-ins stay true, and the demo tenant's plan when one is
// given.
func (s *Server) seedDemo(planGiven bool) error {
	var tenantID string
	err := s.db.GetJSON([]byte(kSeeded), &tenantID)
	if err == nil {
		if t, ok := s.tenant(tenantID); ok && planGiven && t.Plan != s.cfg.Plan {
			t.Plan = s.cfg.Plan
			if err := s.db.SetJSON([]byte(pTenant+t.ID), t, 0); err != nil {
				return err
			}
			p, _ := apikey.PlanByName(t.Plan)
			s.mu.Lock()
			s.tenants[t.ID] = t
			s.limiters[t.ID] = newGCRA(p.PerMinute, p.Burst)
			s.mu.Unlock()
		}
		for _, d := range demoRoles {
			du := DemoUser{Email: d.email, Name: d.name, Role: d.role}
			if s.cfg.DemoPassword != "" {
				if err := s.setPassword(d.email, s.cfg.DemoPassword); err != nil {
					return err
				}
				du.Password = s.cfg.DemoPassword
			}
			s.demoUsers = append(s.demoUsers, du)
		}
		return nil
	}
	if !errors.Is(err, cache.ErrNotFound) {
		return fmt.Errorf("read sandbox state: %w", err)
	}
	pw := s.cfg.DemoPassword
	if pw == "" {
		pw = randomPassword()
	}
	id, users, err := s.SeedTenant("Demo Tenant", s.cfg.Plan, pw)
	if err != nil {
		return err
	}
	s.demoUsers = users
	return s.db.SetJSON([]byte(kSeeded), id, 0)
}

func randomPassword() string {
	var b [12]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// SeedTenant creates a tenant with one admin, one developer and one support
// user sharing password. The demo tenant uses the demo.penguinmails.test
// addresses; other tenants get addresses under a domain made from their name.
func (s *Server) SeedTenant(name, plan, password string) (string, []DemoUser, error) {
	if _, ok := apikey.PlanByName(plan); !ok {
		return "", nil, fmt.Errorf("unknown plan %q", plan)
	}
	if len(password) < 8 {
		return "", nil, errors.New("the password must have at least 8 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cfg.PasswordCost)
	if err != nil {
		return "", nil, err
	}
	t := tenantRec{ID: newID("ten_"), Name: name, Plan: plan, CreatedAt: s.now()}
	domain := "demo.penguinmails.test"
	if name != "Demo Tenant" {
		domain = slug(name) + ".penguinmails.test"
	}
	var out []DemoUser
	err = s.db.Update(func(tx *cache.Tx) error {
		out = out[:0]
		if err := tx.SetJSON([]byte(pTenant+t.ID), t, 0); err != nil {
			return err
		}
		for _, d := range demoRoles {
			email := strings.Replace(d.email, "demo.penguinmails.test", domain, 1)
			if _, err := tx.Get([]byte(pUser + email)); err == nil {
				return fmt.Errorf("user %s already exists", email)
			}
			u := userRec{ID: newID("usr_"), TenantID: t.ID, Email: email, Name: d.name, Role: d.role, PasswordHash: hash, CreatedAt: t.CreatedAt}
			if err := tx.SetJSON([]byte(pUser+email), u, 0); err != nil {
				return err
			}
			out = append(out, DemoUser{Email: email, Name: d.name, Role: d.role, Password: password})
		}
		return nil
	})
	if err != nil {
		return "", nil, fmt.Errorf("seed tenant %q: %w", name, err)
	}
	s.addTenant(t)
	return t.ID, out, nil
}

func (s *Server) setPassword(email, pw string) error {
	return s.db.Update(func(tx *cache.Tx) error {
		var u userRec
		if err := tx.GetJSON([]byte(pUser+email), &u); err != nil {
			return err
		}
		if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(pw)) == nil {
			return nil
		}
		h, err := bcrypt.GenerateFromPassword([]byte(pw), s.cfg.PasswordCost)
		if err != nil {
			return err
		}
		u.PasswordHash = h
		return tx.SetJSON([]byte(pUser+email), u, 0)
	})
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "tenant"
	}
	return out
}

// tenantAdmins lists the emails of a tenant's admins (for the outbox).
func (s *Server) tenantAdmins(tenantID string) []string {
	var out []string
	s.db.Scan([]byte(pUser), false, func(_, v []byte) error {
		var u userRec
		if json.Unmarshal(v, &u) == nil && u.TenantID == tenantID && u.Role == wire.RoleAdmin {
			out = append(out, u.Email)
		}
		return nil
	})
	return out
}

// tenantOfDomain is the tenant whose users' emails share email's domain,
// or "" when none does (or more than one tenant does).
func (s *Server) tenantOfDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	domain := email[at:]
	found := ""
	s.db.Scan([]byte(pUser), false, func(k, v []byte) error {
		if !strings.HasSuffix(string(k), domain) {
			return nil
		}
		var u userRec
		if json.Unmarshal(v, &u) == nil && u.TenantID != "" {
			if found != "" && found != u.TenantID {
				found = "-" // shared domain: no tenant owns it
				return nil
			}
			found = u.TenantID
		}
		return nil
	})
	if found == "-" {
		return ""
	}
	return found
}
