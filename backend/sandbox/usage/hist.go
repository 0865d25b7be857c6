package usage

import "math"

// Latency histogram: fixed log-spaced buckets so that histograms of any two
// rollups add up exactly, and a percentile read from the sum is off by at
// most one bucket's width (±12.5% with a factor of 1.25).
const (
	histBuckets = 64
	histBaseUS  = 50   // upper bound of bucket 0, in microseconds
	histFactor  = 1.25 // each bucket is this much wider than the previous one
)

// histUpper[i] is the exclusive upper bound of bucket i in microseconds; the
// last bucket is open-ended.
var histUpper [histBuckets]int64

func init() {
	b := float64(histBaseUS)
	for i := 0; i < histBuckets-1; i++ {
		histUpper[i] = int64(math.Round(b))
		b *= histFactor
	}
	histUpper[histBuckets-1] = math.MaxInt64
}

// hist counts latencies per bucket. uint32 keeps a rollup small; a bucket of
// one rollup would need 4 billion requests to wrap.
type hist [histBuckets]uint32

// histIndex finds the bucket of a latency by binary search (no floating point
// on the hot path).
func histIndex(us int64) int {
	lo, hi := 0, histBuckets-1
	for lo < hi {
		mid := (lo + hi) / 2
		if us < histUpper[mid] {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// histBounds is the [lower, upper) range of bucket i in microseconds.
func histBounds(i int) (lo, hi float64) {
	if i > 0 {
		lo = float64(histUpper[i-1])
	}
	if i == histBuckets-1 {
		return lo, lo * histFactor
	}
	return lo, float64(histUpper[i])
}

func (h *hist) add(o *hist) {
	for i, v := range o {
		h[i] += v
	}
}

func (h *hist) count() uint64 {
	var n uint64
	for _, v := range h {
		n += uint64(v)
	}
	return n
}

// quantile estimates the q-quantile in milliseconds, interpolating linearly
// inside the bucket that holds it.
func (h *hist) quantile(q float64) float64 {
	total := h.count()
	if total == 0 {
		return 0
	}
	target := uint64(math.Ceil(q * float64(total)))
	if target < 1 {
		target = 1
	}
	var cum uint64
	for i, v := range h {
		if v == 0 {
			continue
		}
		if cum+uint64(v) >= target {
			lo, hi := histBounds(i)
			frac := float64(target-cum) / float64(v)
			return (lo + (hi-lo)*frac) / 1000
		}
		cum += uint64(v)
	}
	return 0
}

// sparse encodes the non-zero buckets as index,count pairs for storage.
func (h *hist) sparse() []uint32 {
	var out []uint32
	for i, v := range h {
		if v != 0 {
			out = append(out, uint32(i), v)
		}
	}
	return out
}

func (h *hist) addSparse(p []uint32) {
	for i := 0; i+1 < len(p); i += 2 {
		if int(p[i]) < histBuckets {
			h[p[i]] += p[i+1]
		}
	}
}
