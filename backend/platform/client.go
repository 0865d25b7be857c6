package platform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/penguinmails/console/backend/wire"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/penguinmails/console/backend/apikey"
)

// ErrUnreachable wraps transport failures: the platform could not be
// reached (refused, DNS, no route, a connection that could not be made in
// time, a connection dropped mid-answer). Only this turns the console
// Offline.
var ErrUnreachable = errors.New("platform unreachable")

// ErrTimeout: the call's own deadline passed while the platform was
// connected but had not answered yet. The platform is slow, not gone.
var ErrTimeout = errors.New("the platform did not answer in time")

// ErrCanceled: the caller gave up (the console is stopping, or the screen
// that asked is gone). It says nothing about the platform.
var ErrCanceled = errors.New("the call was cancelled")

// DefaultCallTimeout bounds a call whose context has no deadline.
const DefaultCallTimeout = 20 * time.Second

// Client is the one HTTP client of the console for the PenguinMails API.
// Auth is added in one place (the session token, and the sudo token for
// sensitive calls); every error answer becomes an *APIError via
// CheckResponse; nothing it logs carries a secret.
//
// One timeout rule: the per-call context decides. The transport has no
// timeout of its own that could cut a call short before its context
// ends (dial, TLS handshake and the answer all run under that context);
// a context without a deadline gets the client's default.
type Client struct {
	base    string
	rc      *resty.Client
	timeout time.Duration

	mu         sync.RWMutex
	token      string
	onRejected func(token string)
}

// NewClient makes a client for the platform at baseURL (e.g.
// http://127.0.0.1:8787). defaultTimeout bounds calls whose context has no
// deadline (0 means DefaultCallTimeout); a context's own deadline always
// decides, shorter or longer.
func NewClient(baseURL string, defaultTimeout time.Duration) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("platform URL %q is not an http(s) URL", baseURL)
	}
	if defaultTimeout <= 0 {
		defaultTimeout = DefaultCallTimeout
	}
	rc := resty.NewWithClient(&http.Client{Transport: contextTransport()}).
		SetBaseURL(u.String()+"/api/v1").
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "penguinmails-console/1").
		SetLogger(quietLogger{})
	rc.SetDebug(false)
	c := &Client{base: u.String(), rc: rc, timeout: defaultTimeout}
	rc.OnAfterResponse(c.watchRejection)
	return c, nil
}

// OnSessionRejected registers f, called with the session token of any call
// the platform answered 401 unauthorized: the session expired or was ended
// elsewhere. f runs on its own goroutine, after the call has returned.
func (c *Client) OnSessionRejected(f func(token string)) {
	c.mu.Lock()
	c.onRejected = f
	c.mu.Unlock()
}

func (c *Client) watchRejection(_ *resty.Client, resp *resty.Response) error {
	if resp.StatusCode() != http.StatusUnauthorized || resp.Request == nil || resp.Request.Token == "" {
		return nil
	}
	var body struct {
		Code string `json:"error"`
	}
	if json.Unmarshal(resp.Body(), &body) != nil || body.Code != wire.CodeUnauthorized {
		return nil
	}
	c.mu.RLock()
	f := c.onRejected
	c.mu.RUnlock()
	if f != nil {
		go f(resp.Request.Token)
	}
	return nil
}

// contextTransport is http.DefaultTransport's setup with its timeouts at
// least as long as any call's context (the TLS handshake's default 10 s
// would cut a 20 s call short). A dial runs on after its call gave up (the
// transport keeps the connection for the next call), so it keeps a bound.
func contextTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: transportTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = transportTimeout
	t.ResponseHeaderTimeout = 0 // the call's context decides
	return t
}

// transportTimeout bounds the transport's own steps; it is longer than
// any call the console makes (DefaultCallTimeout), so a context decides.
const transportTimeout = 2 * DefaultCallTimeout

// BaseURL is the platform's root URL.
func (c *Client) BaseURL() string { return c.base }

// SetToken sets the session token used for every call ("" to clear).
func (c *Client) SetToken(token string) {
	c.mu.Lock()
	c.token = token
	c.mu.Unlock()
}

// Token returns the session token.
func (c *Client) Token() string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.token
}

func (c *Client) req(ctx context.Context) *resty.Request {
	r := c.rc.R().SetContext(ctx)
	if t := c.Token(); t != "" {
		r.SetAuthToken(t)
	}
	return r
}

// send runs r under its context's deadline, or the client's default when
// the context has none, and checks the answer.
func (c *Client) send(r *resty.Request, method, path string) (*resty.Response, error) {
	var out *resty.Response
	return out, c.exec(r, method, path, func(resp *resty.Response) error {
		out = resp
		return CheckResponse(resp, nil)
	})
}

// maxErrorBody bounds how much of a streamed call's error answer is read.
const maxErrorBody = 1 << 20

// sendTo streams a successful answer's body into w, so an export of any
// size passes through in constant memory; an error answer is read (at most
// maxErrorBody) and returned as *APIError like any other call's.
func (c *Client) sendTo(r *resty.Request, method, path string, w io.Writer) (int64, error) {
	var n int64
	r.SetDoNotParseResponse(true)
	return n, c.exec(r, method, path, func(resp *resty.Response) error {
		body := resp.RawBody()
		defer body.Close()
		if !resp.IsSuccess() {
			b, _ := io.ReadAll(io.LimitReader(body, maxErrorBody))
			return CheckResponse(resp.SetBody(b), nil)
		}
		var err error
		if n, err = io.Copy(w, body); err != nil {
			return fmt.Errorf("%w: %s", classify(err, true), SanitizeError(err))
		}
		return nil
	})
}

// exec runs r under its context's deadline, or the client's default when
// the context has none, and hands the answer to consume before that
// deadline's context ends.
func (c *Client) exec(r *resty.Request, method, path string, consume func(*resty.Response) error) error {
	ctx := r.Context()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
		r.SetContext(ctx)
	}
	// Whether a connection was had tells a slow platform from one that
	// cannot be reached when the deadline ends the call.
	var connected atomic.Bool
	r.SetContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { connected.Store(true) },
	}))
	resp, err := r.Execute(method, path)
	if err != nil {
		return fmt.Errorf("%w: %s", classify(err, connected.Load()), SanitizeError(err))
	}
	return consume(resp)
}

// CheckResponse turns a transport failure into ErrCanceled, ErrTimeout or
// ErrUnreachable (see classify) and every non-2xx answer into an *APIError
// carrying status, code, message, fields and retry_after. The answer's own
// code is kept whatever the status; a status-derived code is only for an
// answer that carries none (a proxy's page, an empty body).
func CheckResponse(resp *resty.Response, err error) error {
	if err != nil {
		return fmt.Errorf("%w: %s", classify(err, true), SanitizeError(err))
	}
	if resp.IsSuccess() {
		return nil
	}
	ae := &wire.APIError{Status: resp.StatusCode()}
	if jerr := json.Unmarshal(resp.Body(), ae); jerr != nil || ae.Code == "" {
		ae.Code = codeForStatus(resp.StatusCode())
		ae.Message = http.StatusText(resp.StatusCode())
	}
	if ae.RetryAfter == 0 {
		if s, perr := strconv.Atoi(resp.Header().Get("Retry-After")); perr == nil {
			ae.RetryAfter = s
		}
	}
	return ae
}

// classify tells why a call got no answer. A cancelled context is the
// caller's doing. No connection, whatever ended the attempt (refused, DNS,
// a dial still pending at the deadline), is unreachability. A deadline
// that passed on an open connection is a slow platform.
func classify(err error, connected bool) error {
	if errors.Is(err, context.Canceled) {
		return ErrCanceled
	}
	var op *net.OpError
	if !connected || (errors.As(err, &op) && op.Op == "dial") {
		return ErrUnreachable
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return ErrTimeout
	}
	return ErrUnreachable
}

func codeForStatus(s int) string {
	switch s {
	case 400:
		return wire.CodeInvalidRequest
	case 401:
		return wire.CodeUnauthorized
	case 403:
		return wire.CodeForbidden
	case 404:
		return wire.CodeNotFound
	case 409:
		return wire.CodeConflict
	case 413:
		return wire.CodePayloadTooLarge
	case 429:
		return wire.CodeRateLimitExceeded
	}
	return wire.CodeInternal
}

// SanitizeError drops query strings (tokens travel there for websockets) and
// secrets from a transport error's text.
func SanitizeError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return apikey.Redact(fmt.Sprintf("%s %s: %v", ue.Op, u.String(), ue.Err))
		}
	}
	return apikey.Redact(err.Error())
}

// do runs r and decodes a 2xx JSON answer into out (when non-nil).
func (c *Client) do(r *resty.Request, method, path string, out any) error {
	if out != nil {
		r.SetResult(out)
	}
	_, err := c.send(r, method, path)
	return err
}

// ---- health and sessions ----

// Health calls GET /healthz.
func (c *Client) Health(ctx context.Context) error {
	_, err := c.send(c.rc.R().SetContext(ctx), http.MethodGet, c.base+"/healthz")
	return err
}

// Login signs in and keeps the session token for later calls.
func (c *Client) Login(ctx context.Context, email, password string) (*wire.LoginResponse, error) {
	var out wire.LoginResponse
	if err := c.do(c.rc.R().SetContext(ctx).SetBody(wire.LoginRequest{Email: email, Password: password}), http.MethodPost, "/auth/login", &out); err != nil {
		return nil, err
	}
	c.SetToken(out.Token)
	return &out, nil
}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (*wire.MeResponse, error) {
	var out wire.MeResponse
	return &out, c.do(c.req(ctx), http.MethodGet, "/auth/me", &out)
}

// Logout ends the session on the platform and forgets the token.
func (c *Client) Logout(ctx context.Context) error {
	err := c.do(c.req(ctx), http.MethodPost, "/auth/logout", nil)
	c.SetToken("")
	return err
}

// Sudo re-authenticates for sensitive actions.
func (c *Client) Sudo(ctx context.Context, password string) (*wire.SudoResponse, error) {
	var out wire.SudoResponse
	return &out, c.do(c.req(ctx).SetBody(wire.SudoRequest{Password: password}), http.MethodPost, "/auth/sudo", &out)
}

// ---- API keys ----

// ListKeys lists the tenant's keys.
func (c *Client) ListKeys(ctx context.Context, q wire.KeyListQuery) (*wire.KeyList, error) {
	r := c.req(ctx)
	if q.Status != "" {
		r.SetQueryParam("status", q.Status)
	}
	if q.Q != "" {
		r.SetQueryParam("q", q.Q)
	}
	if q.Sort != "" {
		r.SetQueryParam("sort", q.Sort)
	}
	var out wire.KeyList
	return &out, c.do(r, http.MethodGet, "/platform/api-keys", &out)
}

// Permissions returns the permission catalog.
func (c *Client) Permissions(ctx context.Context) (*wire.PermissionCatalog, error) {
	var out wire.PermissionCatalog
	return &out, c.do(c.req(ctx), http.MethodGet, "/platform/api-keys/permissions", &out)
}

// GetKey returns a key with its usage and audit details.
func (c *Client) GetKey(ctx context.Context, keyID string) (*wire.KeyDetails, error) {
	var out wire.KeyDetails
	return &out, c.do(c.req(ctx), http.MethodGet, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// CreateKey creates a key; the answer holds the only copy of the secret.
func (c *Client) CreateKey(ctx context.Context, sudoToken string, body wire.CreateKeyRequest) (*wire.CreateKeyResponse, error) {
	var out wire.CreateKeyResponse
	return &out, c.do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken).SetBody(body), http.MethodPost, "/platform/api-keys", &out)
}

// UpdateKey patches a key.
func (c *Client) UpdateKey(ctx context.Context, sudoToken, keyID string, body wire.UpdateKeyRequest) (*wire.Key, error) {
	var out wire.Key
	return &out, c.do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken).SetBody(body), http.MethodPatch, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// RotateKey issues a new secret; the replaced one keeps working for
// req.Grace ("now", 1h, 24h, 3d or 7d; "" is the platform's default, 24h).
func (c *Client) RotateKey(ctx context.Context, sudoToken, keyID string, req wire.RotateKeyRequest) (*wire.RotateKeyResponse, error) {
	var out wire.RotateKeyResponse
	return &out, c.do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken).SetBody(req), http.MethodPost, "/platform/api-keys/"+url.PathEscape(keyID)+"/rotate", &out)
}

// RevokeKey revokes a key for good.
func (c *Client) RevokeKey(ctx context.Context, sudoToken, keyID string) (*wire.RevokeKeyResponse, error) {
	var out wire.RevokeKeyResponse
	return &out, c.do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken), http.MethodDelete, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// ---- usage ----

func usageParams(r *resty.Request, q wire.UsageQuery) {
	if q.From != nil && q.To != nil {
		r.SetQueryParam("from", q.From.UTC().Format(time.RFC3339))
		r.SetQueryParam("to", q.To.UTC().Format(time.RFC3339))
	} else if q.Range != "" {
		r.SetQueryParam("range", q.Range)
	}
	if q.KeyID != "" {
		r.SetQueryParam("key_id", q.KeyID)
	}
}

// APIUsage returns the usage analytics for a range.
func (c *Client) APIUsage(ctx context.Context, q wire.UsageQuery) (*wire.APIUsage, error) {
	r := c.req(ctx)
	usageParams(r, q)
	var out wire.APIUsage
	return &out, c.do(r, http.MethodGet, "/tenant/analytics/api-usage", &out)
}

// ErrorsCSV streams every error answer of a range as CSV into w.
func (c *Client) ErrorsCSV(ctx context.Context, q wire.UsageQuery, w io.Writer) (int64, error) {
	r := c.req(ctx).SetHeader("Accept", "text/csv")
	usageParams(r, q)
	return c.sendTo(r, http.MethodGet, "/tenant/analytics/api-usage/errors.csv", w)
}

// SecurityEvents lists the tenant's security events.
func (c *Client) SecurityEvents(ctx context.Context) (*wire.SecurityEventList, error) {
	var out wire.SecurityEventList
	return &out, c.do(c.req(ctx), http.MethodGet, "/platform/security-events", &out)
}

// LiveURL is the websocket URL of the live usage stream.
func (c *Client) LiveURL() string {
	u, _ := url.Parse(c.base + "/api/v1/tenant/analytics/api-usage/live")
	if u.Scheme == "https" {
		u.Scheme = "wss"
	} else {
		u.Scheme = "ws"
	}
	return u.String()
}

// ---- docs and mail ----

// OpenAPI returns the raw OpenAPI document.
func (c *Client) OpenAPI(ctx context.Context) ([]byte, error) {
	resp, err := c.send(c.req(ctx), http.MethodGet, "/openapi.json")
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

// Notify asks the platform to email the tenant's admins (and a key's
// creator). With n.IdempotencyKey set, a key the platform has seen within
// 30 days answers the first answer (Replayed) and sends nothing.
func (c *Client) Notify(ctx context.Context, n wire.NotificationRequest) (*wire.NotificationResponse, error) {
	var out wire.NotificationResponse
	r := c.req(ctx).SetBody(n).SetResult(&out)
	if n.IdempotencyKey != "" {
		r.SetHeader(wire.IdempotencyHeader, n.IdempotencyKey)
	}
	resp, err := c.send(r, http.MethodPost, "/platform/notifications")
	if err != nil {
		return nil, err
	}
	out.Replayed = resp.StatusCode() == http.StatusOK
	return &out, nil
}

// Outbox lists the emails the platform sent (sandbox).
func (c *Client) Outbox(ctx context.Context) (*wire.Outbox, error) {
	var out wire.Outbox
	return &out, c.do(c.req(ctx), http.MethodGet, "/platform/outbox", &out)
}

// quietLogger keeps resty's own warnings out of stderr; failures surface as
// errors instead, already sanitized.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
