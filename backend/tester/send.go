// Package tester runs the API tester's requests from Go (so the UI has no
// CORS limits), times them, keeps their history with every secret masked,
// warns before a request a key cannot make, and imports cURL commands.
package tester

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"
)

// Limits of one tester request: a tester is for trying calls, not for
// moving data, and a runaway answer must not fill the console's memory.
const (
	DefaultTimeout   = 30 * time.Second
	MaxRequestBody   = 1 << 20 // the platform's own body cap (SPEC §7)
	MaxResponseBody  = 5 << 20
	maxRedirects     = 5
	maxHeaderEntries = 100
)

// Header is one request or response header, in order.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Request is what the tester sends.
type Request struct {
	Method  string   `json:"method"`
	URL     string   `json:"url"`
	Headers []Header `json:"headers"`
	Body    string   `json:"body"`
	// KeyID names the key chosen in the picker (for history); "" for a pasted key.
	KeyID string `json:"key_id,omitempty"`
	// Key is the chosen or pasted secret. It is attached as
	// "Authorization: Bearer …" only to requests for the platform's own
	// origin (and only when the request has no Authorization of its own);
	// nothing else ever receives it. It is never stored. In a parsed cURL
	// command it is the key found in the command's Authorization header.
	Key string `json:"key,omitempty"`
}

// Response is what came back, with the timings the UI shows.
type Response struct {
	Status     int      `json:"status"`
	StatusText string   `json:"status_text"`
	Proto      string   `json:"proto"`
	Headers    []Header `json:"headers"`
	Body       string   `json:"body"`
	// Size is the body's length in bytes as received (up to the cap).
	Size      int64 `json:"size"`
	Truncated bool  `json:"truncated"`
	// TotalMs runs from the start of the request to the last body byte;
	// TTFBMs to the first response byte.
	TotalMs float64 `json:"total_ms"`
	TTFBMs  float64 `json:"ttfb_ms"`
}

// Error is a request the tester refused or could not complete; Field names
// the part of the request that is wrong ("" for transport failures).
type Error struct {
	Field   string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Runner sends requests to the platform (or to loopback) and nowhere else:
// a tester that reaches any URL would be an open proxy inside the console.
type Runner struct {
	base    *url.URL
	client  *http.Client
	Timeout time.Duration
	MaxBody int64
	now     func() time.Time
	// ServedRemotely: the console answers browsers on other machines, so
	// only the platform may be reached — never loopback, private,
	// link-local or unspecified addresses, which would let anyone on the
	// network use the tester to reach this machine's own services.
	ServedRemotely bool
	// lookup resolves host names for the check above (a test seam).
	lookup func(ctx context.Context, host string) ([]net.IPAddr, error)
}

// NewRunner allows requests to platformURL's origin and to loopback hosts.
func NewRunner(platformURL string) (*Runner, error) {
	u, err := url.Parse(platformURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("platform URL %q is not a URL", platformURL)
	}
	r := &Runner{base: u, Timeout: DefaultTimeout, MaxBody: MaxResponseBody, now: time.Now, lookup: net.DefaultResolver.LookupIPAddr}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	tr.MaxIdleConnsPerHost = 4
	r.client = &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if err := r.Allowed(req.URL); err != nil {
				return err
			}
			// A key goes to the platform only: a redirect elsewhere
			// leaves every credential behind (Go's own rule compares host
			// names only, and another port of the same host is elsewhere).
			if !sameOrigin(req.URL, via[0].URL) {
				req.Header.Del("Authorization")
				req.Header.Del("Cookie")
			}
			return nil
		},
	}
	return r, nil
}

// BaseURL is the platform's root URL.
func (r *Runner) BaseURL() string { return strings.TrimRight(r.base.String(), "/") }

// Allowed reports whether u may be reached: the platform's own origin, or a
// loopback host (the sandbox a developer runs next to the console) unless
// the console is served remotely.
func (r *Runner) Allowed(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return &Error{Field: "url", Message: "The URL must start with http:// or https://"}
	}
	if r.IsPlatform(u) {
		return nil
	}
	if r.ServedRemotely {
		if err := r.refuseInternal(u); err != nil {
			return err
		}
		return &Error{Field: "url", Message: fmt.Sprintf(
			"This console is served to the network, so its tester sends requests only to the platform (%s); %s is not it.",
			r.BaseURL(), u.Host)}
	}
	if isLoopbackHost(u.Hostname()) {
		return nil
	}
	return &Error{Field: "url", Message: fmt.Sprintf(
		"The tester only sends requests to the platform (%s) or to this machine (localhost); %s is neither.",
		r.BaseURL(), u.Host)}
}

// IsPlatform reports whether u is on the platform's origin: the only one
// the chosen key is sent to.
func (r *Runner) IsPlatform(u *url.URL) bool { return sameOrigin(u, r.base) }

// AttachKey returns req as it is sent: with req.Key as the bearer token if
// the request is for the platform and sets no Authorization of its own,
// without it otherwise; Key itself is cleared.
func (r *Runner) AttachKey(req Request) Request {
	key := strings.TrimSpace(req.Key)
	req.Key = ""
	if key == "" {
		return req
	}
	u, err := r.Resolve(req.URL)
	if err != nil || !r.IsPlatform(u) {
		return req
	}
	for _, h := range req.Headers {
		if strings.EqualFold(strings.TrimSpace(h.Name), "Authorization") {
			return req
		}
	}
	req.Headers = append([]Header{{Name: "Authorization", Value: "Bearer " + key}}, req.Headers...)
	return req
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) &&
		effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

func isLoopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") || strings.HasSuffix(strings.ToLower(h), ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

var methods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// Resolve turns a path ("/api/v1/emails/send") into a URL on the platform;
// full URLs are kept as they are.
func (r *Runner) Resolve(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, &Error{Field: "url", Message: "Enter a URL or a path"}
	}
	if strings.HasPrefix(raw, "/") {
		raw = r.BaseURL() + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, &Error{Field: "url", Message: fmt.Sprintf("%q is not a valid URL", raw)}
	}
	return u, r.Allowed(u)
}

// Send runs req and reads the answer within the runner's limits. A status
// of 4xx/5xx is an answer, not an error; errors are refusals and transport
// failures, worded for the UI.
func (r *Runner) Send(ctx context.Context, req Request) (*Response, error) {
	req = r.AttachKey(req)
	method := strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	if !methods[method] {
		return nil, &Error{Field: "method", Message: fmt.Sprintf("%q is not an HTTP method the tester sends", req.Method)}
	}
	u, err := r.Resolve(req.URL)
	if err != nil {
		return nil, err
	}
	if len(req.Body) > MaxRequestBody {
		return nil, &Error{Field: "body", Message: fmt.Sprintf("The request body is %d bytes; the limit is 1 MiB", len(req.Body))}
	}
	if len(req.Headers) > maxHeaderEntries {
		return nil, &Error{Field: "headers", Message: "Too many headers"}
	}
	ctx, cancel := context.WithTimeout(ctx, r.Timeout)
	defer cancel()

	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, &Error{Field: "url", Message: err.Error()}
	}
	for _, h := range req.Headers {
		name := strings.TrimSpace(h.Name)
		if name == "" {
			continue
		}
		if !validHeaderName(name) {
			return nil, &Error{Field: "headers", Message: fmt.Sprintf("%q is not a valid header name", name)}
		}
		if strings.EqualFold(name, "Host") {
			hr.Host = h.Value
			continue
		}
		hr.Header.Add(name, h.Value)
	}
	if hr.Header.Get("User-Agent") == "" {
		hr.Header.Set("User-Agent", "penguinmails-console-tester/1")
	}

	var start, firstByte time.Time
	trace := &httptrace.ClientTrace{
		GotFirstResponseByte: func() { firstByte = time.Now() },
	}
	hr = hr.WithContext(httptrace.WithClientTrace(ctx, trace))
	start = time.Now()
	resp, err := r.client.Do(hr)
	if err != nil {
		return nil, transportError(err, r.Timeout)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, r.MaxBody+1))
	if err != nil {
		return nil, transportError(err, r.Timeout)
	}
	end := time.Now()
	out := &Response{
		Status:     resp.StatusCode,
		StatusText: http.StatusText(resp.StatusCode),
		Proto:      resp.Proto,
		Headers:    sortedHeaders(resp.Header),
		TotalMs:    ms(end.Sub(start)),
	}
	if !firstByte.IsZero() {
		out.TTFBMs = ms(firstByte.Sub(start))
	}
	if int64(len(data)) > r.MaxBody {
		data = data[:r.MaxBody]
		out.Truncated = true
	}
	out.Body, out.Size = string(data), int64(len(data))
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func validHeaderName(s string) bool {
	for _, c := range s {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune("()<>@,;:\\\"/[]?={}", c) {
			return false
		}
	}
	return true
}

func sortedHeaders(h http.Header) []Header {
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []Header
	for _, n := range names {
		for _, v := range h[n] {
			out = append(out, Header{Name: n, Value: v})
		}
	}
	return out
}

func transportError(err error, timeout time.Duration) error {
	var te *Error
	if errors.As(err, &te) {
		return te
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Message: fmt.Sprintf("No answer within %s; the request was cancelled.", timeout)}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Op == "dial" {
		// The syscall's name ("connect: connection refused") says nothing to a
		// person; the address and the reason do.
		reason := oe.Err
		var se *os.SyscallError
		if errors.As(reason, &se) {
			reason = se.Err
		}
		if oe.Addr != nil {
			return &Error{Message: fmt.Sprintf("Could not connect to %s: %v", oe.Addr, reason)}
		}
		return &Error{Message: fmt.Sprintf("Could not connect: %v", reason)}
	}
	return &Error{Message: "The request failed: " + err.Error()}
}
