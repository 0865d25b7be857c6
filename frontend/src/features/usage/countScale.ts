// The y scale of the usage charts: they all count requests, so the axis is
// whole numbers from 0, and it never shrinks below a small range, so that 1–3
// requests a second reads as traffic rather than a line along a lone "0".

/** Tick steps: 1, 2 and 5 times a power of ten (all whole numbers). */
function niceStep(need: number, intervals: number): number {
  for (let p = 1; ; p *= 10) {
    for (const m of [1, 2, 5]) {
      const step = m * p
      if (Math.ceil(need / step) <= intervals) return step
    }
  }
}

export interface CountScale {
  max: number
  ticks: number[]
}

/**
 * The scale for counts up to dataMax: from 0 to a multiple of a whole tick
 * step, at least minTop, with 10 % headroom above the data and above any
 * threshold line (marks; so their labels fit above them), and at most as many
 * intervals as fit in plotHeight with a label every minSpace pixels.
 */
export function countScale(dataMax: number, { minTop = 5, marks = [] as number[], plotHeight = 100, minSpace = 18 } = {}): CountScale {
  const top = Math.max(minTop, Number.isFinite(dataMax) ? dataMax * 1.1 : 0, ...marks.map((m) => m * 1.1))
  const intervals = Math.max(2, Math.floor(plotHeight / minSpace))
  const step = niceStep(top, intervals)
  const max = Math.ceil(top / step) * step
  const ticks: number[] = []
  for (let v = 0; v <= max; v += step) ticks.push(v)
  return { max, ticks }
}
