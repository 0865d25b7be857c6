// Package usage turns every gateway request into rollups: per minute, hour
// and day, by key, route template, status and error code, with latency
// histograms. It keeps the recent errors, the recent IPs of each key and a
// per-second view for the live stream. A request's event is durable before
// its answer leaves: Commit writes it in a group commit (commit.go) to a
// journal that checkpoints of the rollups retire (persist.go).
package usage

import "time"

// Event is one gateway request, allowed or refused.
type Event struct {
	At       time.Time
	TenantID string
	KeyID    string
	Method   string
	Route    string // the route template, e.g. "/api/v1/emails/{id}"
	IP       string
	Code     string // error code ("" on success)
	Message  string // error message ("" on success)
	Status   int
	Latency  time.Duration
	// PreviousSecret is true when the caller used the old secret of a key
	// during its rotation grace.
	PreviousSecret bool
	// RequestID links a recent error to its request log entry.
	RequestID string
}

// Status classes of the series. 429 is counted apart from the other 4xx so
// the charts can show rate limiting on its own.
const (
	clsSuccess = iota // 2xx
	clsClient         // 4xx except 429
	clsServer         // 5xx
	clsLimited        // 429
	clsOther          // 1xx, 3xx
	nClasses
)

// IsError is the one meaning of "error" wherever usage is counted (key
// error_count, series, endpoints, the live stream): a client or server
// error. A 429 is not one: it is counted apart, as rate limited.
func IsError(status int) bool {
	c := classOf(status)
	return c == clsClient || c == clsServer
}

func classOf(status int) int {
	switch {
	case status == 429:
		return clsLimited
	case status >= 200 && status < 300:
		return clsSuccess
	case status >= 400 && status < 500:
		return clsClient
	case status >= 500:
		return clsServer
	}
	return clsOther
}

// Rollup levels.
type level int

const (
	lvMinute level = iota
	lvHour
	lvDay
	nLevels
)

var levelSec = [nLevels]int64{60, 3600, 86400}

// Retention of each level.
const (
	minuteRetention = 48 * time.Hour
	hourRetention   = 90 * 24 * time.Hour
	dayRetention    = 400 * 24 * time.Hour
)

var levelRetention = [nLevels]time.Duration{minuteRetention, hourRetention, dayRetention}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// bucketStart is the start (unix seconds) of the bucket of level lv holding sec.
func bucketStart(sec int64, lv level) int64 {
	s := levelSec[lv]
	return floorDiv(sec, s) * s
}
