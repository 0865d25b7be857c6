package requestlog

import (
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/penguinmails/console/backend/wire"
)

// An entry's blob holds what only GET /tenant/logs/{request_id} shows: the
// request's and the answer's headers and bodies. Every logged request
// writes one while its answer waits, so it is a compact binary form made
// without reflection (JSON cost more than the rest of the entry together):
//
//	version flags  n (name value)…  n (name value)…  request-body  response-body
//
// with lengths as uvarints; flags are bodies logged, request body
// truncated, response body truncated. Blobs written before it are JSON
// objects (they start with '{') and are still read.
const detailVersion = 2

const (
	flagBodies = 1 << iota
	flagRequestTruncated
	flagResponseTruncated
)

// encodeDetail is e's blob, nil when it has nothing to show. Headers come
// from reqH and respH when given (the gateway's, masked and redacted here),
// else from e's maps (kept as they are).
func encodeDetail(e *wire.LogEntry, reqH, respH http.Header) []byte {
	if reqH == nil && respH == nil && e.RequestHeaders == nil && e.ResponseHeaders == nil &&
		e.RequestBody == nil && e.ResponseBody == nil && !e.BodiesLogged {
		return nil
	}
	n := 8 + len(e.RequestBody) + len(e.ResponseBody) + 48*(len(reqH)+len(respH)+len(e.RequestHeaders)+len(e.ResponseHeaders))
	b := make([]byte, 0, n)
	var flags byte
	if e.BodiesLogged {
		flags |= flagBodies
	}
	if e.RequestBodyTruncated {
		flags |= flagRequestTruncated
	}
	if e.ResponseBodyTruncated {
		flags |= flagResponseTruncated
	}
	b = append(b, detailVersion, flags)
	if reqH != nil {
		value := requestHeaderValue
		if e.MaskedKey != "" {
			// The key the gateway matched: the header shows that secret's
			// mask, the one the key's page shows. They differ only for a
			// credential that acts as the key's secret without being it
			// (the demo driver's), which would read as another key.
			value = func(k string, vs []string) string {
				v := requestHeaderValue(k, vs)
				if strings.HasPrefix(v, "Bearer ") && strings.EqualFold(k, "Authorization") {
					return "Bearer " + e.MaskedKey
				}
				return v
			}
		}
		b = appendHeader(b, reqH, value)
	} else {
		b = appendHeaderMap(b, e.RequestHeaders)
	}
	if respH != nil {
		b = appendHeader(b, respH, responseHeaderValue)
	} else {
		b = appendHeaderMap(b, e.ResponseHeaders)
	}
	b = appendBytes(b, e.RequestBody)
	return appendBytes(b, e.ResponseBody)
}

func appendHeader(b []byte, h http.Header, value func(name string, vs []string) string) []byte {
	b = binary.AppendUvarint(b, uint64(len(h)))
	for k, vs := range h {
		b = appendStr(b, k)
		b = appendStr(b, value(k, vs))
	}
	return b
}

func appendHeaderMap(b []byte, m map[string]string) []byte {
	b = binary.AppendUvarint(b, uint64(len(m)))
	for k, v := range m {
		b = appendStr(b, k)
		b = appendStr(b, v)
	}
	return b
}

// decodeDetail fills e's headers and bodies from its blob.
func decodeDetail(blob []byte, e *wire.LogEntry) error {
	if len(blob) > 0 && blob[0] == '{' {
		return decodeLegacyDetail(blob, e)
	}
	if len(blob) < 2 || blob[0] != detailVersion {
		return errCorrupt
	}
	flags := blob[1]
	r := reader{b: blob[2:]}
	e.RequestHeaders = r.headers()
	e.ResponseHeaders = r.headers()
	if b := r.bytes(); len(b) > 0 {
		e.RequestBody = json.RawMessage(append([]byte(nil), b...))
	}
	if b := r.bytes(); len(b) > 0 {
		e.ResponseBody = json.RawMessage(append([]byte(nil), b...))
	}
	e.BodiesLogged = flags&flagBodies != 0
	e.RequestBodyTruncated = flags&flagRequestTruncated != 0
	e.ResponseBodyTruncated = flags&flagResponseTruncated != 0
	return r.err
}

func (r *reader) headers() map[string]string {
	n := r.uvarint()
	if n == 0 || n > uint64(len(r.b)) { // every header takes at least two bytes
		if n != 0 {
			r.err = errCorrupt
		}
		return nil
	}
	m := make(map[string]string, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		k := r.str()
		m[k] = r.str()
	}
	return m
}

// legacyDetail is the JSON blob of entries written before detailVersion 2.
type legacyDetail struct {
	RequestHeaders        map[string]string `json:"rqh,omitempty"`
	ResponseHeaders       map[string]string `json:"rsh,omitempty"`
	RequestBody           json.RawMessage   `json:"rqb,omitempty"`
	ResponseBody          json.RawMessage   `json:"rsb,omitempty"`
	BodiesLogged          bool              `json:"bl"`
	RequestBodyTruncated  bool              `json:"rqt,omitempty"`
	ResponseBodyTruncated bool              `json:"rst,omitempty"`
}

func decodeLegacyDetail(blob []byte, e *wire.LogEntry) error {
	var d legacyDetail
	if err := json.Unmarshal(blob, &d); err != nil {
		return err
	}
	e.RequestHeaders, e.ResponseHeaders = d.RequestHeaders, d.ResponseHeaders
	e.RequestBody, e.ResponseBody, e.BodiesLogged = d.RequestBody, d.ResponseBody, d.BodiesLogged
	e.RequestBodyTruncated, e.ResponseBodyTruncated = d.RequestBodyTruncated, d.ResponseBodyTruncated
	return nil
}
