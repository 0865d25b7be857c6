package wire

import (
	"strconv"
	"time"
)

// ErrorsCSVHeader is the first row of errors.csv, the error answers of a
// usage range: the platform's export and the console's offline one from a
// snapshot have the same columns.
var ErrorsCSVHeader = []string{"at", "key_id", "method", "endpoint", "status", "error", "message", "ip", "request_id"}

// CSVRow is e as a row under ErrorsCSVHeader.
func (e RecentError) CSVRow() []string {
	return []string{e.At.UTC().Format(time.RFC3339Nano), e.KeyID, e.Method, e.Endpoint,
		strconv.Itoa(e.Status), e.Error, e.Message, e.IP, e.RequestID}
}
