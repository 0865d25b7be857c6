package audit

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/penguinmails/console/backend/sandbox/timeline"
	"github.com/penguinmails/console/backend/wire"
)

// CSVHeader is the first row of an export. count is how many actions the
// row stands for (1, or the failed sign-ins a folded entry counts); last_at
// is the latest of them when there are several.
var CSVHeader = []string{"at", "id", "action", "actor", "role", "ip", "user_agent", "target", "detail", "count", "last_at"}

// WriteCSV streams every entry matching tq as CSV, newest first.
func (l *Log) WriteCSV(w io.Writer, tenant string, tq timeline.Query) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	err := l.Each(tenant, tq, func(e *wire.AuditEntry) error {
		detail := ""
		if len(e.Detail) > 0 {
			b, _ := json.Marshal(e.Detail)
			detail = string(b)
		}
		lastAt := ""
		if e.LastAt != nil {
			lastAt = e.LastAt.Format(time.RFC3339Nano)
		}
		return cw.Write([]string{e.At.Format(time.RFC3339Nano), e.ID, e.Action, safe(e.Actor), e.Role, e.IP,
			safe(e.UserAgent), safe(e.Target), safe(detail), strconv.Itoa(max(1, e.Count)), lastAt})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	return err
}

// safe keeps a spreadsheet from running a cell as a formula.
func safe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
