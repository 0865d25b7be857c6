package requestlog

import (
	"bufio"
	"encoding/binary"
	"io"
	"strconv"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
)

// CSVHeader is the first row of an export.
var CSVHeader = []string{"at", "request_id", "key_id", "key_name", "environment", "ip", "method", "route", "path",
	"query", "status", "error", "message", "latency_ms", "request_size", "response_size", "user_agent"}

// WriteCSV streams every entry matching tq as CSV, newest first.
func (l *Log) WriteCSV(w io.Writer, tenant string, tq timeline.Query) error {
	return l.stream(w, tenant, tq, CSVHeader, appendRaw)
}

// WriteErrorsCSV streams, newest first, every entry matching tq whose
// status isError says is an error: the whole range the log keeps (30 days),
// not a sample.
func (l *Log) WriteErrorsCSV(w io.Writer, tenant string, tq timeline.Query, isError func(status int) bool) error {
	var e wire.LogEntry
	return l.stream(w, tenant, tq, wire.ErrorsCSVHeader, func(b, v []byte) ([]byte, error) {
		if err := decodeSummary(v, &e); err != nil {
			return b, err
		}
		if !isError(e.Status) {
			return b, nil
		}
		return appendRow(b, wire.RecentError{At: e.At, KeyID: e.KeyID, Method: e.Method, Endpoint: e.Route,
			Status: e.Status, Error: e.Error, Message: e.Message, IP: e.IP, RequestID: e.RequestID}.CSVRow()), nil
	})
}

// stream writes header, then row's output for each entry matching tq.
// Memory stays constant however many rows there are: rows go out through a
// small buffer that is flushed as it fills (and to flush, when w can).
func (l *Log) stream(w io.Writer, tenant string, tq timeline.Query, header []string, row func(b, v []byte) ([]byte, error)) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fl, _ := w.(interface{ Flush() })
	buf := appendRow(make([]byte, 0, 512), header)
	bw.Write(buf)
	n := 0
	err := l.each(tenant, tq, func(_ place, v []byte) error {
		var err error
		if buf, err = row(buf[:0], v); err != nil || len(buf) == 0 {
			return err
		}
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		if n++; n%4096 == 0 && fl != nil {
			if err := bw.Flush(); err != nil {
				return err
			}
			fl.Flush()
		}
		return nil
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

// appendRaw writes one stored entry as a CSV row straight from its encoded
// form: no strings are made, so an export allocates nothing per row.
func appendRaw(b, v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != codecVersion {
		return b, errCorrupt
	}
	r := reader{b: v[1:]}
	ns, n := binary.Varint(r.b)
	if n <= 0 {
		return b, errCorrupt
	}
	r.b = r.b[n:]
	// the strings in stored order: RequestID, KeyID, KeyName, Environment,
	// MaskedKey, IP, Method, Route, Path, Query, Error, Message, UserAgent
	var f [13][]byte
	for i := range f {
		f[i] = r.bytes()
	}
	status, lat, rqs, rss := r.uvarint(), r.uvarint(), r.uvarint(), r.uvarint()
	if r.err != nil {
		return b, r.err
	}
	b = time.Unix(0, ns).UTC().AppendFormat(b, time.RFC3339Nano)
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 7, 8, 9} {
		b = append(b, ',')
		b = appendCell(b, f[i])
	}
	b = append(b, ',')
	b = strconv.AppendUint(b, status, 10)
	b = append(b, ',')
	b = appendCell(b, f[10])
	b = append(b, ',')
	b = appendCell(b, f[11])
	b = append(b, ',')
	b = strconv.AppendFloat(b, float64(lat)/1000, 'f', 3, 64)
	b = append(b, ',')
	b = strconv.AppendUint(b, rqs, 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, rss, 10)
	b = append(b, ',')
	b = appendCell(b, f[12])
	return append(b, '\r', '\n'), nil
}

func appendRow(b []byte, cells []string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCell(b, c)
	}
	return append(b, '\r', '\n')
}

// appendCell writes one RFC 4180 field. A value a spreadsheet would run as
// a formula (=, +, -, @ first) gets a leading apostrophe: paths and user
// agents come from callers, and an export must not become an attack.
func appendCell[T string | []byte](b []byte, s T) []byte {
	formula := len(s) > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
	quote := formula
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	if formula {
		b = append(b, '\'')
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}
