package app

import (
	"errors"
	"net"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/tester"
	"github.com/penguinmails/console/backend/wire"
)

// Tester is the API tester: it sends requests from Go (no CORS), keeps
// their history with keys masked, and warns before a request the chosen key
// cannot make.
type Tester struct {
	session *Session
	docs    *Docs
	runner  *tester.Runner
	history *tester.History
	now     func() time.Time
	// outboundIP finds this machine's address towards the platform.
	outboundIP func(platformURL string) (net.IP, error)
	// rate is the tenant's limit as last seen (the live feed's).
	rate func() tester.RateSeen
}

func newTester(session *Session, docs *Docs, history *tester.History, now func() time.Time, servedRemotely bool) (*Tester, error) {
	r, err := tester.NewRunner(session.client.BaseURL())
	if err != nil {
		return nil, err
	}
	r.ServedRemotely = servedRemotely
	return &Tester{session: session, docs: docs, runner: r, history: history, now: now, outboundIP: tester.OutboundIP}, nil
}

// TesterInfo is what the tester screen needs to build URLs.
type TesterInfo struct {
	BaseURL string `json:"base_url"`
	// ServedRemotely: only the platform can be reached (see tester.Runner).
	ServedRemotely bool `json:"served_remotely"`
}

// Info returns the platform's base URL the tester sends to.
func (t *Tester) Info() (TesterInfo, error) {
	return TesterInfo{BaseURL: t.runner.BaseURL(), ServedRemotely: t.runner.ServedRemotely}, nil
}

// Send runs req. Answers of any status, and failures to get one (refused
// connection, timeout), are kept in history and returned as the entry; a
// request the tester will not send (another host, a bad method, an oversize
// body) is a BadInput error and is not kept.
func (t *Tester) Send(req tester.Request) (*tester.Entry, error) {
	// The key goes on the request only if it is for the platform; history
	// records what was really sent.
	req = t.runner.AttachKey(req)
	resp, err := t.runner.Send(t.session.life, req)
	var te *tester.Error
	if errors.As(err, &te) && te.Field != "" {
		return nil, BadInput(te.Field, te.Message)
	}
	if err != nil && !errors.As(err, &te) {
		return nil, ToUI(err)
	}
	e, herr := t.history.Add(req, resp, err)
	if herr != nil {
		return nil, ToUI(herr)
	}
	// The answer shown is the full one (history keeps a capped copy), still
	// with any echoed secret masked.
	e.Response = tester.MaskResponse(resp)
	return e, nil
}

// WarningsResult lists what the gateway would refuse, before sending.
type WarningsResult struct {
	Warnings           []tester.Warning `json:"warnings"`
	RequiredPermission string           `json:"required_permission"`
	// KnownEndpoint is false when no documented operation matches.
	KnownEndpoint bool      `json:"known_endpoint"`
	LocalIP       string    `json:"local_ip"`
	Key           *wire.Key `json:"key,omitempty"`
}

// Warnings checks the key keyID (fetched fresh, never cached) against the
// endpoint method+path with the gateway's own decision: revoked, expired, IP
// allow-list, permission, and the rate limit when the live feed has shown it.
func (t *Tester) Warnings(keyID, method, path string) (*WarningsResult, error) {
	if strings.TrimSpace(keyID) == "" {
		return nil, BadInput("key_id", "Choose a key")
	}
	c, err := t.session.apiClient()
	if err != nil {
		return nil, err
	}
	ctx, cancel := t.session.callContext(15 * time.Second)
	defer cancel()
	kd, err := c.GetKey(ctx, keyID)
	if err != nil {
		if IsUnreachable(err) {
			t.session.setOnline(false)
		}
		return nil, ToUI(err)
	}
	out := &WarningsResult{Key: &kd.Key}
	out.RequiredPermission, out.KnownEndpoint = t.docs.requiredPermission(method, path)
	ip, ierr := t.outboundIP(t.runner.BaseURL())
	if ierr == nil {
		out.LocalIP = ip.String()
	}
	var rate tester.RateSeen
	if t.rate != nil {
		rate = t.rate()
	}
	out.Warnings = tester.Warnings(kd.Key, out.RequiredPermission, ip, t.now(), rate)
	return out, nil
}

// History lists past requests, newest first, filtered by query.
func (t *Tester) History(query string) ([]tester.Summary, error) {
	l, err := t.history.List(query, 200)
	return l, ToUI(err)
}

// HistoryEntry reopens one past request with its answer.
func (t *Tester) HistoryEntry(id string) (*tester.Entry, error) {
	e, err := t.history.Get(id)
	if errors.Is(err, tester.ErrEntryNotFound) {
		return nil, &UIError{Status: 404, Code: wire.CodeNotFound, Message: err.Error()}
	}
	return e, ToUI(err)
}

// ClearHistory deletes every past request.
func (t *Tester) ClearHistory() error { return ToUI(t.history.Clear()) }

// ParseCurl turns a pasted cURL command into a request for the tester.
func (t *Tester) ParseCurl(text string) (*tester.Request, error) {
	r, err := tester.ParseCurl(text)
	var te *tester.Error
	if errors.As(err, &te) {
		return nil, BadInput("curl", te.Message)
	}
	return r, ToUI(err)
}
