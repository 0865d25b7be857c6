package requestlog

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/penguinmails/console/backend/wire"
)

// Body keeps a body with nothing secret as sent (compacted) without
// decoding it, and redacts every way of spelling a secret field: the fast
// path must never keep what the decoding path would have redacted.
func TestBodyRedactsWhateverTheSpelling(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"b": 1, "a": [true, null, "x"]}`, `{"b":1,"a":[true,null,"x"]}`},
		{`{"Password":"hunter2"}`, `{"Password":"[REDACTED]"}`},
		{`{"user":{"API-KEY":"k1"}}`, `{"user":{"API-KEY":"[REDACTED]"}}`},
		{`{"passw\u006frd":"hunter2"}`, `{"password":"[REDACTED]"}`},                   // an escape spells the name
		{`{"note":"my token is here"}`, `{"note":"my token is here"}`},                 // a secret word in a value: decoded, nothing to redact
		{`{"k":"pm_live_` + strings.Repeat("a", 40) + `"}`, ""},                        // a key secret: masked (checked below)
		{`{"pad":"` + strings.Repeat("x", 239) + `","authorization":"Basic abc"}`, ""}, // the name across the scan's 256-byte chunks
		{"{\"bad\":\"\xff\"}", "{\"bad\":\"\ufffd\"}"},                                 // not UTF-8: decoded and mended
	} {
		out, truncated := Body([]byte(tc.in))
		if truncated {
			t.Errorf("%s: truncated", tc.in)
		}
		if !json.Valid(out) {
			t.Errorf("%s: not JSON: %s", tc.in, out)
		}
		for _, secret := range []string{"hunter2", "k1", "Basic abc", strings.Repeat("a", 40)} {
			if strings.Contains(string(out), secret) {
				t.Errorf("%s: kept %q: %s", tc.in, secret, out)
			}
		}
		if tc.want != "" && string(out) != tc.want {
			t.Errorf("Body(%s) = %s, want %s", tc.in, out, tc.want)
		}
	}
}

// An entry's blob keeps its headers (masked and redacted) and bodies, and
// blobs written as JSON by earlier versions are still read.
func TestDetailRoundTripAndLegacyBlob(t *testing.T) {
	reqH := http.Header{"Authorization": {"Bearer pm_live_" + strings.Repeat("b", 40)}, "X-Api-Key": {"s3cret"},
		"Accept": {"a", "b"}}
	respH := http.Header{"Content-Type": {"application/json"}, "Set-Cookie": {"sid=1"}}
	e := wire.LogEntry{BodiesLogged: true, RequestBody: json.RawMessage(`{"a":1}`), ResponseBodyTruncated: true,
		ResponseBody: json.RawMessage(`"cut"`)}
	var got wire.LogEntry
	if err := decodeDetail(encodeDetail(&e, reqH, respH), &got); err != nil {
		t.Fatal(err)
	}
	want := wire.LogEntry{BodiesLogged: true, RequestBody: e.RequestBody, ResponseBody: e.ResponseBody, ResponseBodyTruncated: true,
		RequestHeaders:  map[string]string{"Authorization": "Bearer pm_live_bbb...bbbb", "X-Api-Key": Redacted, "Accept": "a, b"},
		ResponseHeaders: map[string]string{"Content-Type": "application/json", "Set-Cookie": Redacted}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v\nwant    %+v", got, want)
	}

	legacy := `{"rqh":{"Accept":"x"},"rsb":{"ok":true},"bl":true,"rst":true}`
	got = wire.LogEntry{}
	if err := decodeDetail([]byte(legacy), &got); err != nil {
		t.Fatal(err)
	}
	if got.RequestHeaders["Accept"] != "x" || string(got.ResponseBody) != `{"ok":true}` || !got.BodiesLogged || !got.ResponseBodyTruncated {
		t.Errorf("legacy blob read as %+v", got)
	}
	if err := decodeDetail([]byte{detailVersion, 0, 5}, &got); err == nil {
		t.Error("a damaged blob was read without an error")
	}
}
