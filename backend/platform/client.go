package platform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
)

// ErrUnreachable wraps transport failures: the platform did not answer.
var ErrUnreachable = errors.New("platform unreachable")

// Client is the one HTTP client of the console for the PenguinMails API.
// Auth is added in one place (the session token, and the sudo token for
// sensitive calls); every error answer becomes an *APIError via
// CheckResponse; nothing it logs carries a secret.
type Client struct {
	base string
	rc   *resty.Client

	mu    sync.RWMutex
	token string
}

// NewClient makes a client for the platform at baseURL (e.g.
// http://127.0.0.1:8787). The timeout bounds every call.
func NewClient(baseURL string, timeout time.Duration) (*Client, error) {
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("platform URL %q is not an http(s) URL", baseURL)
	}
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	rc := resty.New().
		SetBaseURL(u.String()+"/api/v1").
		SetTimeout(timeout).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "penguinmails-console/1").
		SetLogger(quietLogger{})
	rc.SetDebug(false)
	return &Client{base: u.String(), rc: rc}, nil
}

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

// CheckResponse turns a transport failure into ErrUnreachable and every
// non-2xx answer into an *APIError carrying status, code, message, fields
// and retry_after.
func CheckResponse(resp *resty.Response, err error) error {
	if err != nil {
		return fmt.Errorf("%w: %s", ErrUnreachable, SanitizeError(err))
	}
	if resp.IsSuccess() {
		return nil
	}
	ae := &APIError{Status: resp.StatusCode()}
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

func codeForStatus(s int) string {
	switch s {
	case 400:
		return CodeInvalidRequest
	case 401:
		return CodeUnauthorized
	case 403:
		return CodeForbidden
	case 404:
		return CodeNotFound
	case 409:
		return CodeAlreadyRevoked
	case 413:
		return CodePayloadTooLarge
	case 429:
		return CodeRateLimitExceeded
	}
	return CodeInternal
}

var secretRe = regexp.MustCompile(`pm_(live|test)_[A-Za-z0-9_\-]{4,}`)

// RedactSecrets masks any API key secret in s.
func RedactSecrets(s string) string {
	return secretRe.ReplaceAllStringFunc(s, func(m string) string {
		return m[:8] + "[REDACTED]"
	})
}

// SanitizeError drops query strings (tokens travel there for websockets) and
// secrets from a transport error's text.
func SanitizeError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery = ""
			return RedactSecrets(fmt.Sprintf("%s %s: %v", ue.Op, u.String(), ue.Err))
		}
	}
	return RedactSecrets(err.Error())
}

// do runs r and decodes a 2xx JSON answer into out (when non-nil).
func do(r *resty.Request, method, path string, out any) error {
	if out != nil {
		r.SetResult(out)
	}
	resp, err := r.Execute(method, path)
	return CheckResponse(resp, err)
}

// ---- health and sessions ----

// Health calls GET /healthz.
func (c *Client) Health(ctx context.Context) error {
	resp, err := c.rc.R().SetContext(ctx).Get(c.base + "/healthz")
	return CheckResponse(resp, err)
}

// Login signs in and keeps the session token for later calls.
func (c *Client) Login(ctx context.Context, email, password string) (*LoginResponse, error) {
	var out LoginResponse
	if err := do(c.rc.R().SetContext(ctx).SetBody(LoginRequest{Email: email, Password: password}), http.MethodPost, "/auth/login", &out); err != nil {
		return nil, err
	}
	c.SetToken(out.Token)
	return &out, nil
}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (*MeResponse, error) {
	var out MeResponse
	return &out, do(c.req(ctx), http.MethodGet, "/auth/me", &out)
}

// Logout ends the session on the platform and forgets the token.
func (c *Client) Logout(ctx context.Context) error {
	err := do(c.req(ctx), http.MethodPost, "/auth/logout", nil)
	c.SetToken("")
	return err
}

// Sudo re-authenticates for sensitive actions.
func (c *Client) Sudo(ctx context.Context, password string) (*SudoResponse, error) {
	var out SudoResponse
	return &out, do(c.req(ctx).SetBody(SudoRequest{Password: password}), http.MethodPost, "/auth/sudo", &out)
}

// ---- API keys ----

// ListKeys lists the tenant's keys.
func (c *Client) ListKeys(ctx context.Context, q KeyListQuery) (*KeyList, error) {
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
	var out KeyList
	return &out, do(r, http.MethodGet, "/platform/api-keys", &out)
}

// Permissions returns the permission catalog.
func (c *Client) Permissions(ctx context.Context) (*PermissionCatalog, error) {
	var out PermissionCatalog
	return &out, do(c.req(ctx), http.MethodGet, "/platform/api-keys/permissions", &out)
}

// GetKey returns a key with its usage and audit details.
func (c *Client) GetKey(ctx context.Context, keyID string) (*KeyDetails, error) {
	var out KeyDetails
	return &out, do(c.req(ctx), http.MethodGet, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// CreateKey creates a key; the answer holds the only copy of the secret.
func (c *Client) CreateKey(ctx context.Context, sudoToken string, body CreateKeyRequest) (*CreateKeyResponse, error) {
	var out CreateKeyResponse
	return &out, do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken).SetBody(body), http.MethodPost, "/platform/api-keys", &out)
}

// UpdateKey patches a key.
func (c *Client) UpdateKey(ctx context.Context, sudoToken, keyID string, body UpdateKeyRequest) (*Key, error) {
	var out Key
	return &out, do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken).SetBody(body), http.MethodPatch, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// RotateKey issues a new secret; the old one works for 24 more hours.
func (c *Client) RotateKey(ctx context.Context, sudoToken, keyID string) (*RotateKeyResponse, error) {
	var out RotateKeyResponse
	return &out, do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken), http.MethodPost, "/platform/api-keys/"+url.PathEscape(keyID)+"/rotate", &out)
}

// RevokeKey revokes a key for good.
func (c *Client) RevokeKey(ctx context.Context, sudoToken, keyID string) (*RevokeKeyResponse, error) {
	var out RevokeKeyResponse
	return &out, do(c.req(ctx).SetHeader("X-Sudo-Token", sudoToken), http.MethodDelete, "/platform/api-keys/"+url.PathEscape(keyID), &out)
}

// ---- usage ----

func usageParams(r *resty.Request, q UsageQuery) {
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
func (c *Client) APIUsage(ctx context.Context, q UsageQuery) (*APIUsage, error) {
	r := c.req(ctx)
	usageParams(r, q)
	var out APIUsage
	return &out, do(r, http.MethodGet, "/tenant/analytics/api-usage", &out)
}

// ErrorsCSV returns the error log of a range as CSV.
func (c *Client) ErrorsCSV(ctx context.Context, q UsageQuery) ([]byte, error) {
	r := c.req(ctx).SetHeader("Accept", "text/csv")
	usageParams(r, q)
	resp, err := r.Get("/tenant/analytics/api-usage/errors.csv")
	if err := CheckResponse(resp, err); err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

// SecurityEvents lists the tenant's security events.
func (c *Client) SecurityEvents(ctx context.Context) (*SecurityEventList, error) {
	var out SecurityEventList
	return &out, do(c.req(ctx), http.MethodGet, "/platform/security-events", &out)
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
	resp, err := c.req(ctx).Get("/openapi.json")
	if err := CheckResponse(resp, err); err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

// Notify asks the platform to email the tenant's admins (and a key's creator).
func (c *Client) Notify(ctx context.Context, n NotificationRequest) (*NotificationResponse, error) {
	var out NotificationResponse
	return &out, do(c.req(ctx).SetBody(n), http.MethodPost, "/platform/notifications", &out)
}

// Outbox lists the emails the platform sent (sandbox).
func (c *Client) Outbox(ctx context.Context) (*Outbox, error) {
	var out Outbox
	return &out, do(c.req(ctx), http.MethodGet, "/platform/outbox", &out)
}

// quietLogger keeps resty's own warnings out of stderr; failures surface as
// errors instead, already sanitized.
type quietLogger struct{}

func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Debugf(string, ...any) {}
