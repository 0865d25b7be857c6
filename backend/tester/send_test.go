package tester

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSendTimesAndReturnsTheAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		w.(http.Flusher).Flush()
		time.Sleep(20 * time.Millisecond) // the body comes after the first byte: TTFB < total
		io.WriteString(w, `{"got":"`+r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization")+" "+string(b)+`"}`)
	}))
	defer srv.Close()
	r, err := NewRunner(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.Send(context.Background(), Request{Method: "post", URL: "/api/v1/emails/send",
		Headers: []Header{{"Authorization", "Bearer pm_test_abc"}}, Body: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 202 || resp.Body != `{"got":"POST /api/v1/emails/send Bearer pm_test_abc hi"}` {
		t.Fatalf("answer: %d %q", resp.Status, resp.Body)
	}
	if resp.Size != int64(len(resp.Body)) || resp.TTFBMs <= 0 || resp.TotalMs < resp.TTFBMs+15 {
		t.Fatalf("size %d ttfb %.2f total %.2f", resp.Size, resp.TTFBMs, resp.TotalMs)
	}
	var found bool
	for _, h := range resp.Headers {
		found = found || (h.Name == "X-Ratelimit-Limit" && h.Value == "300")
	}
	if !found {
		t.Fatalf("headers %v", resp.Headers)
	}
}

func TestSendRefusesOtherHostsAndOversizeBodies(t *testing.T) {
	r, _ := NewRunner("https://api.penguinmails.example")
	cases := map[string]Request{
		"url":    {Method: "GET", URL: "https://evil.example/steal"},
		"method": {Method: "BREW", URL: "/x"},
		"body":   {Method: "POST", URL: "http://127.0.0.1:1/x", Body: strings.Repeat("a", MaxRequestBody+1)},
	}
	for field, req := range cases {
		_, err := r.Send(context.Background(), req)
		te, ok := err.(*Error)
		if !ok || te.Field != field {
			t.Errorf("%s: got %v", field, err)
		}
	}
	// the platform's origin and loopback are allowed
	for _, u := range []string{"https://api.penguinmails.example/api/v1/emails", "http://localhost:9/x", "http://127.0.0.1:9/x", "http://[::1]:9/x"} {
		if _, err := r.Resolve(u); err != nil {
			t.Errorf("%s refused: %v", u, err)
		}
	}
	if _, err := r.Resolve("http://api.penguinmails.example/x"); err == nil {
		t.Error("another scheme of the platform host must not count as the platform")
	}
}

func TestSendCapsTheAnswerAndRefusesRedirectsAway(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, "https://evil.example/", http.StatusFound)
			return
		}
		w.Write([]byte(strings.Repeat("x", 2000)))
	}))
	defer srv.Close()
	r, _ := NewRunner(srv.URL)
	r.MaxBody = 1000
	resp, err := r.Send(context.Background(), Request{URL: srv.URL + "/big"})
	if err != nil || !resp.Truncated || resp.Size != 1000 {
		t.Fatalf("cap: %+v %v", resp, err)
	}
	if _, err := r.Send(context.Background(), Request{URL: "/away"}); err == nil || !strings.Contains(err.Error(), "evil.example") {
		t.Fatalf("redirect off the platform: %v", err)
	}
}

func TestSendTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	r, _ := NewRunner(srv.URL)
	r.Timeout = 50 * time.Millisecond // the real limit is 30 s; the behaviour is the same
	_, err := r.Send(context.Background(), Request{URL: "/slow"})
	if err == nil || !strings.Contains(err.Error(), "No answer within 50ms") {
		t.Fatalf("got %v", err)
	}
}

func TestSendUnreachable(t *testing.T) {
	r, _ := NewRunner("http://127.0.0.1:1")
	_, err := r.Send(context.Background(), Request{URL: "/x"})
	if err == nil || !strings.Contains(err.Error(), "Could not connect to 127.0.0.1:1: connection refused") {
		t.Fatalf("got %v", err)
	}
}
