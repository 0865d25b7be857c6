package wire

import "strconv"

// EndpointsCSVHeader is the header of a usage export's endpoints section.
// errors are client and server errors; rate_limited counts the 429s apart,
// as the Usage screen's endpoints table shows them.
var EndpointsCSVHeader = []string{"method", "endpoint", "requests", "success_rate", "avg_latency_ms", "errors", "rate_limited"}

// CSVRow is e as a row under EndpointsCSVHeader.
func (e EndpointStats) CSVRow() []string {
	return []string{e.Method, e.Endpoint, strconv.FormatInt(e.Requests, 10), strconv.FormatFloat(e.SuccessRate, 'f', -1, 64),
		strconv.FormatFloat(e.AvgLatencyMs, 'f', -1, 64), strconv.FormatInt(e.Errors, 10), strconv.FormatInt(e.RateLimited, 10)}
}
