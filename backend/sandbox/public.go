package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/penguinmails/console/backend/wire"
	"github.com/penguinmails/console/cache"
)

// The public endpoints behind keys (SPEC §2.4), implemented for real: state
// lives in Badger under the key's tenant, so one tenant never sees another's.

func (s *Server) defaultFrom(tenantID string) string {
	t, _ := s.tenant(tenantID)
	return fmt.Sprintf("%s <no-reply@%s.penguinmails.test>", t.Name, slug(t.Name))
}

// RFC 5321's limits: 64 characters before the @, 254 in all (the path's 256
// less its angle brackets).
const (
	maxLocalPart = 64
	maxAddress   = 254
)

// parseAddress checks one address with net/mail and RFC 5321's length
// limits and returns it bare. The message quotes the address, shortened when
// it is long, so a huge input does not make a huge answer.
func parseAddress(a string) (string, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(a))
	if err != nil || !strings.Contains(addr.Address[strings.LastIndexByte(addr.Address, '@')+1:], ".") {
		return "", fmt.Errorf("%q is not a valid email address", shorten(a))
	}
	local := addr.Address[:strings.LastIndexByte(addr.Address, '@')]
	if n := utf8.RuneCountInString(local); n > maxLocalPart {
		return "", fmt.Errorf("%q has %d characters before the @; at most %d are allowed", shorten(a), n, maxLocalPart)
	}
	if n := utf8.RuneCountInString(addr.Address); n > maxAddress {
		return "", fmt.Errorf("%q has %d characters; an email address may have at most %d", shorten(a), n, maxAddress)
	}
	return addr.Address, nil
}

// checkSender validates a from field ("Name <addr>" or a bare address).
func checkSender(from string, fields map[string]string) {
	if _, err := parseAddress(from); err != nil {
		fields["from"] = err.Error()
	}
}

// shorten cuts a quoted input to 60 characters.
func shorten(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

func (s *Server) handleSendEmail(w http.ResponseWriter, r *http.Request, c *gwCall) {
	var req wire.SendEmailRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	fields := map[string]string{}
	to := make([]string, 0, len(req.To))
	switch {
	case len(req.To) == 0:
		fields["to"] = "Add at least one recipient"
	case len(req.To) > 50:
		fields["to"] = "At most 50 recipients per request"
	default:
		for _, a := range req.To {
			addr, err := parseAddress(a)
			if err != nil {
				fields["to"] = err.Error()
				break
			}
			to = append(to, addr)
		}
	}
	from := req.From
	if from == "" {
		from = s.defaultFrom(c.tenantID)
	} else {
		checkSender(from, fields)
	}
	if req.TemplateID == "" {
		if strings.TrimSpace(req.Subject) == "" {
			fields["subject"] = "A subject is required unless template_id is given"
		}
		if req.HTMLBody == "" && req.TextBody == "" {
			fields["html_body"] = "Give html_body or text_body (or a template_id)"
		}
	}
	if utf8.RuneCountInString(req.Subject) > 998 {
		fields["subject"] = "Subject must be at most 998 characters"
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	now := s.now()
	em := wire.Email{ID: orderedID("em_", now), Status: "queued", To: to, From: from, Subject: req.Subject,
		TemplateID: req.TemplateID, Tags: req.Tags, KeyID: c.keyID, CreatedAt: now,
		TrackOpens: req.TrackOpens, TrackClicks: req.TrackClicks}
	if em.Tags == nil {
		em.Tags = []string{}
	}
	body := req.TextBody
	if body == "" {
		body = req.HTMLBody
	}
	if req.TemplateID != "" && body == "" {
		body = "(template " + req.TemplateID + ")"
	}
	out := wire.OutboxEmail{ID: em.ID, Kind: "email", To: to, From: from, Subject: req.Subject, Body: body, KeyID: c.keyID, CreatedAt: now}
	err := s.db.Update(func(tx *cache.Tx) error {
		if err := tx.SetJSON([]byte(pEmail+c.tenantID+"/"+em.ID), em, 0); err != nil {
			return err
		}
		return tx.SetJSON([]byte(pOutbox+c.tenantID+"/"+em.ID), out, 0)
	})
	if err != nil {
		writeError(w, errInternal)
		return
	}
	writeJSON(w, http.StatusAccepted, wire.SendEmailResponse{ID: em.ID, Status: em.Status, To: to, CreatedAt: now})
}

func (s *Server) handleGetEmail(w http.ResponseWriter, r *http.Request, c *gwCall) {
	id := r.PathValue("id")
	var em wire.Email
	if err := s.db.GetJSON([]byte(pEmail+c.tenantID+"/"+id), &em); err != nil || strings.Contains(id, "/") {
		s.notFoundOr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, em)
}

func (s *Server) notFoundOr(w http.ResponseWriter, err error) {
	if err == nil || errors.Is(err, cache.ErrNotFound) {
		writeError(w, errNotFound)
		return
	}
	s.log.WithError(err).Error("read")
	writeError(w, errInternal)
}

// listLimit reads ?limit=1..100 (default 50).
func listLimit(w http.ResponseWriter, r *http.Request) (int, bool) {
	q := r.URL.Query()
	if !q.Has("limit") {
		return 50, true
	}
	v := q.Get("limit") // present but empty ("limit=") is refused, not read as the default
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		writeError(w, invalid(map[string]string{"limit": "limit must be a number from 1 to 100"}))
		return 0, false
	}
	return n, true
}

func (s *Server) handleListContacts(w http.ResponseWriter, r *http.Request, c *gwCall) {
	limit, ok := listLimit(w, r)
	if !ok {
		return
	}
	var all []wire.Contact
	err := s.db.Scan([]byte(pContact+c.tenantID+"/"), false, func(_, v []byte) error {
		var ct wire.Contact
		if err := json.Unmarshal(v, &ct); err != nil {
			return err
		}
		all = append(all, ct)
		return nil
	})
	if err != nil {
		writeError(w, errInternal)
		return
	}
	slices.SortStableFunc(all, func(a, b wire.Contact) int { return b.CreatedAt.Compare(a.CreatedAt) })
	out := wire.ContactList{Contacts: all[:min(limit, len(all))], Total: len(all)}
	if out.Contacts == nil {
		out.Contacts = []wire.Contact{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleCreateContact(w http.ResponseWriter, r *http.Request, c *gwCall) {
	var req wire.CreateContactRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	fields := map[string]string{}
	addr, err := parseAddress(req.Email)
	if req.Email == "" {
		fields["email"] = "An email address is required"
	} else if err != nil {
		fields["email"] = err.Error()
	}
	if utf8.RuneCountInString(req.FirstName) > 100 {
		fields["first_name"] = "first_name must be at most 100 characters"
	}
	if utf8.RuneCountInString(req.LastName) > 100 {
		fields["last_name"] = "last_name must be at most 100 characters"
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	addr = strings.ToLower(addr)
	ct := wire.Contact{Email: addr, FirstName: req.FirstName, LastName: req.LastName, Tags: req.Tags, Attributes: req.Attributes, CreatedAt: s.now()}
	if ct.Tags == nil {
		ct.Tags = []string{}
	}
	if ct.Attributes == nil {
		ct.Attributes = map[string]string{}
	}
	errExists := errors.New("exists")
	err = s.db.Update(func(tx *cache.Tx) error {
		k := []byte(pContact + c.tenantID + "/" + addr)
		if _, err := tx.Get(k); err == nil {
			return errExists
		}
		return tx.SetJSON(k, ct, 0)
	})
	if errors.Is(err, errExists) {
		writeError(w, invalid(map[string]string{"email": "A contact with this email already exists"}))
		return
	}
	if err != nil {
		writeError(w, errInternal)
		return
	}
	writeJSON(w, http.StatusCreated, ct)
}

func (s *Server) handleDeleteContact(w http.ResponseWriter, r *http.Request, c *gwCall) {
	addr := strings.ToLower(strings.TrimSpace(r.PathValue("email")))
	k := []byte(pContact + c.tenantID + "/" + addr)
	var found bool
	err := s.db.Update(func(tx *cache.Tx) error {
		if _, err := tx.Get(k); err != nil {
			return err
		}
		found = true
		return tx.Delete(k)
	})
	if !found {
		s.notFoundOr(w, err)
		return
	}
	if err != nil {
		writeError(w, errInternal)
		return
	}
	writeJSON(w, http.StatusOK, wire.DeleteContactResponse{Deleted: true, Email: addr})
}

func (s *Server) campaignStatus(cp *wire.Campaign, now time.Time) {
	switch {
	case cp.ScheduledAt == nil:
		cp.Status = "draft"
	case now.Before(*cp.ScheduledAt):
		cp.Status = "scheduled"
	default:
		cp.Status = "sent"
	}
}

func (s *Server) handleListCampaigns(w http.ResponseWriter, r *http.Request, c *gwCall) {
	limit, ok := listLimit(w, r)
	if !ok {
		return
	}
	now := s.now()
	var all []wire.Campaign
	err := s.db.Scan([]byte(pCampaign+c.tenantID+"/"), true, func(_, v []byte) error {
		var cp wire.Campaign
		if err := json.Unmarshal(v, &cp); err != nil {
			return err
		}
		s.campaignStatus(&cp, now)
		all = append(all, cp)
		return nil
	})
	if err != nil {
		writeError(w, errInternal)
		return
	}
	out := wire.CampaignList{Campaigns: all[:min(limit, len(all))], Total: len(all)}
	if out.Campaigns == nil {
		out.Campaigns = []wire.Campaign{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleCreateCampaign(w http.ResponseWriter, r *http.Request, c *gwCall) {
	var req wire.CreateCampaignRequest
	if !decodeJSON(w, r, &req) {
		return
	}
	now := s.now()
	fields := map[string]string{}
	name := strings.TrimSpace(req.Name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		fields["name"] = "Name must be 1-100 characters"
	}
	if strings.TrimSpace(req.Subject) == "" {
		fields["subject"] = "A subject is required"
	}
	from := req.From
	if from == "" {
		from = s.defaultFrom(c.tenantID)
	} else {
		checkSender(from, fields)
	}
	if req.ScheduledAt != nil && !req.ScheduledAt.After(now) {
		fields["scheduled_at"] = "scheduled_at must be in the future"
	}
	if len(fields) > 0 {
		writeError(w, invalid(fields))
		return
	}
	cp := wire.Campaign{ID: orderedID("cmp_", now), Name: name, Subject: req.Subject, From: from, ContactTags: req.ContactTags, ScheduledAt: req.ScheduledAt, CreatedAt: now}
	if cp.ContactTags == nil {
		cp.ContactTags = []string{}
	}
	if cp.ScheduledAt != nil {
		t := cp.ScheduledAt.UTC()
		cp.ScheduledAt = &t
	}
	s.campaignStatus(&cp, now)
	if err := s.db.SetJSON([]byte(pCampaign+c.tenantID+"/"+cp.ID), cp, 0); err != nil {
		writeError(w, errInternal)
		return
	}
	writeJSON(w, http.StatusCreated, cp)
}

func (s *Server) handleCampaignStats(w http.ResponseWriter, r *http.Request, c *gwCall) {
	id := r.PathValue("id")
	var cp wire.Campaign
	if err := s.db.GetJSON([]byte(pCampaign+c.tenantID+"/"+id), &cp); err != nil || strings.Contains(id, "/") {
		s.notFoundOr(w, err)
		return
	}
	s.campaignStatus(&cp, s.now())
	st := wire.CampaignStats{CampaignID: cp.ID, Name: cp.Name, Status: cp.Status}
	// Recipients: the tenant's contacts carrying any of the campaign's tags
	// (all contacts when it has none).
	s.db.Scan([]byte(pContact+c.tenantID+"/"), false, func(_, v []byte) error {
		var ct wire.Contact
		if json.Unmarshal(v, &ct) != nil {
			return nil
		}
		if len(cp.ContactTags) == 0 || slices.ContainsFunc(ct.Tags, func(t string) bool { return slices.Contains(cp.ContactTags, t) }) {
			st.Recipients++
		}
		return nil
	})
	if cp.Status == "sent" {
		st.Sent, st.Delivered = st.Recipients, st.Recipients
	}
	writeJSON(w, http.StatusOK, st)
}
