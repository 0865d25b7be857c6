package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/penguinmails/console/backend/platform"
)

// maxBody caps every request body (SPEC §7).
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal","message":"`+platform.MsgInternal+`"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte{'\n'})
}

// writeError sends an APIError; when w records gateway usage it also notes
// the code and message for the usage event.
func writeError(w http.ResponseWriter, e *platform.APIError) {
	if rec, ok := w.(*statusRecorder); ok {
		rec.code, rec.message = e.Code, e.Message
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if id := requestID(w); id != "" && e.RequestID != id {
		c := *e // the shared error values must not be changed
		c.RequestID = id
		e = &c
	}
	writeJSON(w, e.Status, e)
}

func apiErr(status int, code, msg string) *platform.APIError {
	return &platform.APIError{Status: status, Code: code, Message: msg}
}

func invalid(fields map[string]string) *platform.APIError {
	return &platform.APIError{Status: http.StatusBadRequest, Code: platform.CodeInvalidRequest, Message: platform.MsgValidation, Fields: fields}
}

var (
	errNotFound     = apiErr(http.StatusNotFound, platform.CodeNotFound, platform.MsgNotFound)
	errUnauthorized = apiErr(http.StatusUnauthorized, platform.CodeUnauthorized, platform.MsgUnauthorized)
	errForbidden    = apiErr(http.StatusForbidden, platform.CodeForbidden, platform.MsgForbidden)
	errSudoRequired = apiErr(http.StatusForbidden, platform.CodeSudoRequired, platform.MsgSudoRequired)
	errInternal     = apiErr(http.StatusInternalServerError, platform.CodeInternal, platform.MsgInternal)
)

// decodeJSON reads a capped body into v, refusing unknown fields by name and
// saying where malformed JSON broke. It writes the error answer itself and
// returns false when the body is refused.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if e := readJSON(w, r, v); e != nil {
		writeError(w, e)
		return false
	}
	return true
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) *platform.APIError {
	if r.ContentLength > maxBody {
		return apiErr(http.StatusRequestEntityTooLarge, platform.CodePayloadTooLarge, platform.MsgPayloadTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apiErr(http.StatusRequestEntityTooLarge, platform.CodePayloadTooLarge, platform.MsgPayloadTooLarge)
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The server's read timeout cut off a body that never finished.
			return apiErr(http.StatusRequestTimeout, platform.CodeRequestTimeout, platform.MsgRequestTimeout)
		}
		return apiErr(http.StatusBadRequest, platform.CodeInvalidJSON, "Request body could not be read")
	}
	return parseJSON(body, v)
}

// parseJSON is readJSON without the transport, so fuzz targets can drive it.
func parseJSON(body []byte, v any) *platform.APIError {
	if len(bytes.TrimSpace(body)) == 0 {
		return apiErr(http.StatusBadRequest, platform.CodeInvalidJSON, "Request body is empty; send a JSON object")
	}
	// Syntax first, so a broken document is reported as such with its place.
	var probe any
	if err := json.Unmarshal(body, &probe); err != nil {
		return jsonSyntaxError(body, err)
	}
	obj, ok := probe.(map[string]any)
	if !ok {
		return apiErr(http.StatusBadRequest, platform.CodeInvalidJSON, "Request body must be a JSON object")
	}
	// Name every unknown top-level field, not just the first one.
	known := jsonFieldNames(reflect.TypeOf(v))
	fields := map[string]string{}
	for k := range obj {
		if !known[k] {
			fields[k] = "Unknown field"
		}
	}
	if len(fields) > 0 {
		names := make([]string, 0, len(fields))
		for k := range fields {
			names = append(names, k)
		}
		sort.Strings(names)
		e := invalid(fields)
		e.Message = "Unknown field(s): " + strings.Join(names, ", ")
		return e
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			f := te.Field
			if f == "" {
				f = "body"
			}
			return invalid(map[string]string{f: "must be " + jsonKind(te.Type)})
		}
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			e := invalid(map[string]string{name: "Unknown field"})
			e.Message = "Unknown field(s): " + name
			return e
		}
		// Errors from custom unmarshalers (e.g. Recipients) and time parsing.
		return invalid(map[string]string{"body": err.Error()})
	}
	return nil
}

func jsonSyntaxError(body []byte, err error) *platform.APIError {
	var se *json.SyntaxError
	off := int64(len(body))
	msg := "unexpected end of JSON input"
	if errors.As(err, &se) {
		off, msg = se.Offset, strings.TrimPrefix(se.Error(), "json: ")
	} else if !errors.Is(err, io.ErrUnexpectedEOF) && err.Error() != "unexpected end of JSON input" {
		msg = err.Error()
	}
	line, col := 1, 1
	for i := int64(0); i < off-1 && i < int64(len(body)); i++ {
		if body[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return apiErr(http.StatusBadRequest, platform.CodeInvalidJSON,
		fmt.Sprintf("Malformed JSON at line %d, column %d (offset %d): %s", line, col, off, msg))
}

func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		if t.String() == "time.Time" {
			return "an RFC 3339 date-time string"
		}
		return "an object"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Uint, reflect.Uint64:
		return "a number"
	}
	return "of type " + t.String()
}

// jsonFieldNames lists the JSON names a struct accepts (embedded structs included).
func jsonFieldNames(t reflect.Type) map[string]bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	out := map[string]bool{}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			for k := range jsonFieldNames(f.Type) {
				out[k] = true
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
	}
	return out
}
