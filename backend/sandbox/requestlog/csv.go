package requestlog

import (
	"bufio"
	"io"
	"strconv"
	"time"

	"github.com/penguinmails/console/backend/platform"
	"github.com/penguinmails/console/backend/sandbox/timeline"
)

// CSVHeader is the first row of an export.
var CSVHeader = []string{"at", "request_id", "key_id", "key_name", "environment", "ip", "method", "route", "path",
	"query", "status", "error", "message", "latency_ms", "request_size", "response_size", "user_agent"}

// WriteCSV streams every entry matching tq as CSV, newest first. Memory
// stays constant however many rows there are: rows go out through a small
// buffer that is flushed as it fills (and to flush, when w can).
func (l *Log) WriteCSV(w io.Writer, tenant string, tq timeline.Query) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	fl, _ := w.(interface{ Flush() })
	row := make([]byte, 0, 512)
	row = appendRow(row, CSVHeader)
	bw.Write(row)
	n := 0
	err := l.Each(tenant, tq, func(e *platform.LogEntry) error {
		row = appendEntry(row[:0], e)
		if _, err := bw.Write(row); err != nil {
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

func appendEntry(b []byte, e *platform.LogEntry) []byte {
	b = e.At.AppendFormat(b, time.RFC3339Nano)
	for _, s := range [...]string{e.RequestID, e.KeyID, e.KeyName, e.Environment, e.IP, e.Method, e.Route, e.Path, e.Query} {
		b = append(b, ',')
		b = appendCell(b, s)
	}
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, ',')
	b = appendCell(b, e.Error)
	b = append(b, ',')
	b = appendCell(b, e.Message)
	b = append(b, ',')
	b = strconv.AppendFloat(b, e.LatencyMs, 'f', 3, 64)
	b = append(b, ',')
	b = strconv.AppendInt(b, e.RequestSize, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, e.ResponseSize, 10)
	b = append(b, ',')
	b = appendCell(b, e.UserAgent)
	return append(b, '\r', '\n')
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
func appendCell(b []byte, s string) []byte {
	formula := s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')
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
