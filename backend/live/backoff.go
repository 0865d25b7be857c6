package live

import "time"

// Backoff is exponential backoff with jitter: attempt n waits a random time
// between half and all of min(Max, Base·2ⁿ). The random half keeps many
// consoles from reconnecting in lockstep after a platform restart; the
// guaranteed half keeps the delay growing.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
	// Rand returns a number in [0, 1); injected by tests.
	Rand func() float64
}

// Delay is the wait before reconnect attempt n (0-based).
func (b Backoff) Delay(n int) time.Duration {
	d := b.Base
	for i := 0; i < n && d < b.Max; i++ {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	half := d / 2
	return half + time.Duration(b.Rand()*float64(d-half))
}
