package sandbox

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/penguinmails/console/backend/wire"
)

// dateExample is how a field that takes a date says what it wants; Go's
// layout string ("2006-01-02T15:04:05Z07:00") means nothing to a caller.
const dateExample = "must be a date like 2027-01-31T09:00:00Z"

// checkJSONType refuses a body that is not sent as JSON (SPEC §8.3): a
// JSON endpoint given text/plain, a form, or a body with no Content-Type at
// all answers 415, so a client's mistake is not silently guessed at.
func checkJSONType(r *http.Request) *wire.APIError {
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return nil // no body: parseJSON says it is empty
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	got := "no Content-Type"
	if ct != "" {
		got = "Content-Type " + ct
	}
	return apiErr(http.StatusUnsupportedMediaType, wire.CodeUnsupportedMediaType,
		"Send the body as JSON with Content-Type: application/json (got "+got+")")
}

// parseJSON is readJSON without the transport, so fuzz targets can drive it.
// It refuses, naming each field: fields v does not have, null where the
// document says a value (no field of the API is nullable), and values of the
// wrong type or that do not parse (dates), each with a plain message.
func parseJSON(body []byte, v any) *wire.APIError {
	if len(bytes.TrimSpace(body)) == 0 {
		return apiErr(http.StatusBadRequest, wire.CodeInvalidJSON, "Request body is empty; send a JSON object")
	}
	// Syntax first, so a broken document is reported as such with its place.
	if !json.Valid(body) {
		var probe any
		return jsonSyntaxError(body, json.Unmarshal(body, &probe))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return apiErr(http.StatusBadRequest, wire.CodeInvalidJSON, "Request body must be a JSON object")
	}
	known := jsonFields(reflect.TypeOf(v))
	names := make([]string, 0, len(obj))
	for k := range obj {
		names = append(names, k)
	}
	sort.Strings(names)
	// Name every unknown top-level field, not just the first one.
	fields := map[string]string{}
	var unknown []string
	for _, k := range names {
		if _, ok := known[k]; !ok {
			fields[k] = "Unknown field"
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		e := invalid(fields)
		e.Message = "Unknown field(s): " + strings.Join(unknown, ", ")
		return e
	}
	for _, k := range names {
		if p := fieldProblem(known[k], obj[k]); p != "" {
			fields[k] = p
		}
	}
	if len(fields) > 0 {
		return invalid(fields)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// Every field decoded on its own above; this is not expected.
		return invalid(map[string]string{"body": "could not be read as the expected object"})
	}
	return nil
}

// fieldProblem says what is wrong with one field's raw value, or "".
func fieldProblem(t reflect.Type, raw json.RawMessage) string {
	if string(raw) == "null" {
		return "must not be null"
	}
	elem := t
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	if err := json.Unmarshal(raw, reflect.New(t).Interface()); err != nil {
		switch {
		case elem == timeType:
			return dateExample
		case elem == recipientsType:
			return "must be an email address or an array of email addresses"
		}
		return "must be " + describe(elem)
	}
	if at, ok := nullInside(raw, ""); ok {
		return "must not contain null (at " + at + ")"
	}
	return ""
}

// nullInside finds a null anywhere inside an array or object value (the
// items of a list, the values of variables or attributes, at any depth) and
// says where: "[2]" or "plan" or "items[0].name".
func nullInside(raw json.RawMessage, at string) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return "", false
		}
		for i, it := range items {
			p := at + "[" + strconv.Itoa(i) + "]"
			if string(bytes.TrimSpace(it)) == "null" {
				return p, true
			}
			if w, ok := nullInside(it, p); ok {
				return w, true
			}
		}
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return "", false
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the same place named every time
		for _, k := range keys {
			p := k
			if at != "" {
				p = at + "." + k
			}
			if string(bytes.TrimSpace(obj[k])) == "null" {
				return p, true
			}
			if w, ok := nullInside(obj[k], p); ok {
				return w, true
			}
		}
	}
	return "", false
}

var (
	timeType       = reflect.TypeOf(time.Time{})
	recipientsType = reflect.TypeOf(wire.Recipients{})
)

// describe names a Go type the way a JSON caller thinks of it.
func describe(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		switch t.Elem().Kind() {
		case reflect.String:
			return "an array of strings"
		case reflect.Struct, reflect.Map:
			return "an array of objects"
		}
		return "an array"
	case reflect.Struct:
		if t == timeType {
			return "a date like 2027-01-31T09:00:00Z"
		}
		return "an object"
	case reflect.Map:
		if t.Elem().Kind() == reflect.String {
			return "an object of strings"
		}
		return "an object"
	}
	return "a JSON value"
}

// jsonFields maps the JSON names a struct accepts (embedded structs
// included) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	out := map[string]reflect.Type{}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			for k, ft := range jsonFields(f.Type) {
				out[k] = ft
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
