package platform

import (
	"context"
	"github.com/penguinmails/console/backend/wire"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-resty/resty/v2"
)

// ---- request log and audit log (SPEC §8.4) ----

func timeParam(r *resty.Request, name string, t *time.Time) {
	if t != nil {
		r.SetQueryParam(name, t.UTC().Format(time.RFC3339Nano))
	}
}

func setParams(r *resty.Request, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			r.SetQueryParam(kv[i], kv[i+1])
		}
	}
}

func logParams(r *resty.Request, q wire.LogQuery) {
	timeParam(r, "from", q.From)
	timeParam(r, "to", q.To)
	setParams(r, "status", q.Status, "key_id", q.KeyID, "method", q.Method, "path", q.Path, "ip", q.IP,
		"request_id", q.RequestID, "cursor", q.Cursor)
	if q.Limit > 0 {
		r.SetQueryParam("limit", strconv.Itoa(q.Limit))
	}
}

func auditParams(r *resty.Request, q wire.AuditQuery) {
	timeParam(r, "from", q.From)
	timeParam(r, "to", q.To)
	setParams(r, "actor", q.Actor, "action", q.Action, "target", q.Target, "cursor", q.Cursor)
	if q.Limit > 0 {
		r.SetQueryParam("limit", strconv.Itoa(q.Limit))
	}
}

// Logs returns a page of the request log, newest first.
func (c *Client) Logs(ctx context.Context, q wire.LogQuery) (*wire.LogPage, error) {
	r := c.req(ctx)
	logParams(r, q)
	var out wire.LogPage
	return &out, c.do(r, http.MethodGet, "/tenant/logs", &out)
}

// LogEntry returns one request with its headers and bodies.
func (c *Client) LogEntry(ctx context.Context, requestID string) (*wire.LogEntry, error) {
	var out wire.LogEntry
	return &out, c.do(c.req(ctx), http.MethodGet, "/tenant/logs/"+url.PathEscape(requestID), &out)
}

// LogsCSV streams the whole request log matching q as CSV into w.
func (c *Client) LogsCSV(ctx context.Context, q wire.LogQuery, w io.Writer) (int64, error) {
	r := c.req(ctx).SetHeader("Accept", "text/csv")
	q.Limit, q.Cursor = 0, ""
	logParams(r, q)
	return c.sendTo(r, http.MethodGet, "/tenant/logs.csv", w)
}

// Audit returns a page of the audit log, newest first.
func (c *Client) Audit(ctx context.Context, q wire.AuditQuery) (*wire.AuditPage, error) {
	r := c.req(ctx)
	auditParams(r, q)
	var out wire.AuditPage
	return &out, c.do(r, http.MethodGet, "/tenant/audit", &out)
}

// AuditCSV streams the whole audit log matching q as CSV into w.
func (c *Client) AuditCSV(ctx context.Context, q wire.AuditQuery, w io.Writer) (int64, error) {
	r := c.req(ctx).SetHeader("Accept", "text/csv")
	q.Limit, q.Cursor = 0, ""
	auditParams(r, q)
	return c.sendTo(r, http.MethodGet, "/tenant/audit.csv", w)
}

// TenantSettings returns the tenant's settings.
func (c *Client) TenantSettings(ctx context.Context) (*wire.TenantSettings, error) {
	var out wire.TenantSettings
	return &out, c.do(c.req(ctx), http.MethodGet, "/tenant/settings", &out)
}

// UpdateTenantSettings changes the tenant's settings (admins only).
func (c *Client) UpdateTenantSettings(ctx context.Context, p wire.TenantSettingsPatch) (*wire.TenantSettings, error) {
	var out wire.TenantSettings
	return &out, c.do(c.req(ctx).SetBody(p), http.MethodPatch, "/tenant/settings", &out)
}
