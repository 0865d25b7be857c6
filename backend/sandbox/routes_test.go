package sandbox

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestWrongMethodIs405NamingTheAllowedOnes(t *testing.T) {
	s, err := New(Config{DataDir: t.TempDir(), DemoPassword: "routes-test-pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"PUT", "/api/v1/emails/send", 405, "GET, POST"}, // GET matches /emails/{id}
		{"DELETE", "/api/v1/contacts", 405, "GET, POST"},
		{"GET", "/api/v1/no/such/route", 404, ""},
		{"GET", "/healthz", 200, ""},
	} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.status || rec.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s: %d Allow=%q, want %d %q", tc.method, tc.path, rec.Code, rec.Header().Get("Allow"), tc.status, tc.allow)
		}
		if tc.status >= 400 {
			var body map[string]any
			if json.Unmarshal(rec.Body.Bytes(), &body) != nil || body["error"] == nil || body["message"] == "" {
				t.Errorf("%s %s: error body %s", tc.method, tc.path, rec.Body)
			}
		}
	}
}
