package sandbox

import "testing"

// The gateway's throughput with request logging on, side by side with it
// off (SPEC §6: on ≥ 0.85 × off): the same full chain over loopback, the
// only difference being the log entry (headers, redacted bodies, index keys)
// written with the request's durable commit.
func BenchmarkGatewayLogOn(b *testing.B) { benchGatewayWith(b, true, nil) }
func BenchmarkGatewayLogOff(b *testing.B) {
	benchGatewayWith(b, true, func(s *Server) { s.logOff.Store(true) })
}
