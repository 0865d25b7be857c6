// Downsampling for long series: a chart cannot show more points than it has
// pixels, so 43,200 per-minute points are cut to what the width can show
// before uPlot draws them. minMax keeps, per pixel column, the lowest and
// highest value of every series (on a shared x axis), so spikes and dips
// survive exactly.

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
