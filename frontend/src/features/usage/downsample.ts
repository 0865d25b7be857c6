// Downsampling for long series: a chart cannot show more points than it has
// pixels, so 43,200 per-minute points are cut to what the width can show
// before uPlot draws them. Two methods:
//  - minMax keeps, per pixel column, the lowest and highest value of every
//    series (on a shared x axis), so spikes and dips survive exactly;
//  - lttb (Largest-Triangle-Three-Buckets) keeps the visually important
//    points of one series, for smooth lines.

export type Values = ArrayLike<number | null>

export interface Downsampled {
  x: number[]
  ys: (number | null)[][]
}

/**
 * MinMax over a shared x axis: for each of `buckets` equal index ranges,
 * the indices of the min and max of each series, in x order. Series with
 * n <= 2 × buckets come back unchanged (copied).
 */
export function minMax(x: ArrayLike<number>, ys: Values[], buckets: number): Downsampled {
  const n = x.length
  buckets = Math.max(1, Math.floor(buckets))
  if (n <= buckets * 2) {
    return { x: Array.from(x), ys: ys.map((y) => Array.from(y)) }
  }
  const keep: number[] = []
  const size = n / buckets
  const picked = new Set<number>()
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size)
    const end = Math.min(n, Math.floor((b + 1) * size))
    if (end <= start) continue
    picked.clear()
    picked.add(start) // keeps the x spacing even where every series is flat
    for (const y of ys) {
      let lo = -1
      let hi = -1
      for (let i = start; i < end; i++) {
        const v = y[i]
        if (v == null) continue
        if (lo < 0 || v < (y[lo] as number)) lo = i
        if (hi < 0 || v > (y[hi] as number)) hi = i
      }
      if (lo >= 0) picked.add(lo)
      if (hi >= 0) picked.add(hi)
    }
    const idx = Array.from(picked).sort((a, b) => a - b)
    for (const i of idx) keep.push(i)
  }
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1)
  return { x: keep.map((i) => x[i]), ys: ys.map((y) => keep.map((i) => y[i])) }
}

/** LTTB over one series: returns the indices to keep (threshold of them). */
export function lttbIndices(x: ArrayLike<number>, y: Values, threshold: number): number[] {
  const n = x.length
  threshold = Math.floor(threshold)
  if (threshold >= n || threshold < 3) return Array.from({ length: n }, (_, i) => i)
  const out: number[] = [0]
  const every = (n - 2) / (threshold - 2)
  let a = 0
  const val = (i: number) => (y[i] == null ? 0 : (y[i] as number))
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * every) + 1
    const nextEnd = Math.min(n, Math.floor((i + 2) * every) + 1)
    let avgX = 0
    let avgY = 0
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j]
      avgY += val(j)
    }
    const len = Math.max(1, nextEnd - nextStart)
    avgX /= len
    avgY /= len
    const start = Math.floor(i * every) + 1
    const end = Math.floor((i + 1) * every) + 1
    let best = start
    let bestArea = -1
    const ax = x[a]
    const ay = val(a)
    for (let j = start; j < end; j++) {
      const area = Math.abs((ax - avgX) * (val(j) - ay) - (ax - x[j]) * (avgY - ay))
      if (area > bestArea) {
        bestArea = area
        best = j
      }
    }
    out.push(best)
    a = best
  }
  out.push(n - 1)
  return out
}

/** LTTB for one series, returning the kept points. */
export function lttb(x: ArrayLike<number>, y: Values, threshold: number): Downsampled {
  const idx = lttbIndices(x, y, threshold)
  return { x: idx.map((i) => x[i]), ys: [idx.map((i) => y[i])] }
}

/** Picks the method: LTTB for a single smooth series, MinMax otherwise. */
export function downsample(x: ArrayLike<number>, ys: Values[], pixels: number, method: 'minmax' | 'lttb' = 'minmax'): Downsampled {
  if (method === 'lttb' && ys.length === 1) return lttb(x, ys[0], Math.max(3, pixels * 2))
  return minMax(x, ys, Math.max(1, pixels))
}
