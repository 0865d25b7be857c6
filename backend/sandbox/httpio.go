package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/penguinmails/console/backend/wire"
)

// maxBody caps every request body (SPEC §7).
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal","message":"`+wire.MsgInternal+`"}`)
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
func writeError(w http.ResponseWriter, e *wire.APIError) {
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

func apiErr(status int, code, msg string) *wire.APIError {
	return &wire.APIError{Status: status, Code: code, Message: msg}
}

func invalid(fields map[string]string) *wire.APIError {
	return &wire.APIError{Status: http.StatusBadRequest, Code: wire.CodeInvalidRequest, Message: wire.MsgValidation, Fields: fields}
}

var (
	errNotFound     = apiErr(http.StatusNotFound, wire.CodeNotFound, wire.MsgNotFound)
	errUnauthorized = apiErr(http.StatusUnauthorized, wire.CodeUnauthorized, wire.MsgUnauthorized)
	errForbidden    = apiErr(http.StatusForbidden, wire.CodeForbidden, wire.MsgForbidden)
	errSudoRequired = apiErr(http.StatusForbidden, wire.CodeSudoRequired, wire.MsgSudoRequired)
	errInternal     = apiErr(http.StatusInternalServerError, wire.CodeInternal, wire.MsgInternal)
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

func readJSON(w http.ResponseWriter, r *http.Request, v any) *wire.APIError {
	if e := checkJSONType(r); e != nil {
		return e
	}
	if r.ContentLength > maxBody {
		return apiErr(http.StatusRequestEntityTooLarge, wire.CodePayloadTooLarge, wire.MsgPayloadTooLarge)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apiErr(http.StatusRequestEntityTooLarge, wire.CodePayloadTooLarge, wire.MsgPayloadTooLarge)
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The server's read timeout cut off a body that never finished.
			return apiErr(http.StatusRequestTimeout, wire.CodeRequestTimeout, wire.MsgRequestTimeout)
		}
		return apiErr(http.StatusBadRequest, wire.CodeInvalidJSON, "Request body could not be read")
	}
	return parseJSON(body, v)
}

func jsonSyntaxError(body []byte, err error) *wire.APIError {
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
	return apiErr(http.StatusBadRequest, wire.CodeInvalidJSON,
		fmt.Sprintf("Malformed JSON at line %d, column %d (offset %d): %s", line, col, off, msg))
}
