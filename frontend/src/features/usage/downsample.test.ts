import { describe, expect, it } from 'vitest'
import { downsample, lttb, lttbIndices, minMax } from './downsample'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('minMax', () => {
  it('leaves short series alone', () => {
    const d = minMax([1, 2, 3], [[5, 6, 7]], 10)
    expect(d.x).toEqual([1, 2, 3])
    expect(d.ys[0]).toEqual([5, 6, 7])
  })

  it('cuts 43,200 points to at most a few per pixel and keeps every spike and dip', () => {
    const n = 43_200
    const x = range(n)
    const a = x.map((i) => 100 + Math.sin(i / 50) * 10)
    const b = x.map(() => 3)
    a[12_345] = 999 // one spike
    b[40_000] = -7 // one dip in the other series
    const d = minMax(x, [a, b], 800)
    expect(d.x.length).toBeLessThanOrEqual(800 * 5 + 1)
    expect(d.x.length).toBeGreaterThan(800)
    expect(Math.max(...(d.ys[0] as number[]))).toBe(999)
    expect(Math.min(...(d.ys[1] as number[]))).toBe(-7)
    expect(d.x[0]).toBe(0)
    expect(d.x[d.x.length - 1]).toBe(n - 1)
    for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThan(d.x[i - 1])
  })

  it('skips gaps (null) without inventing values', () => {
    const x = range(100)
    const y = x.map((i) => (i % 2 ? null : i))
    const d = minMax(x, [y], 10)
    expect(d.ys[0].every((v, i) => v === null || v === d.x[i])).toBe(true)
  })
})

describe('lttb', () => {
  it('keeps first, last and the peak, with exactly threshold points', () => {
    const x = range(10_000)
    const y = x.map((i) => (i === 5_000 ? 500 : Math.sin(i / 100)))
    const idx = lttbIndices(x, y, 300)
    expect(idx.length).toBe(300)
    expect(idx[0]).toBe(0)
    expect(idx[idx.length - 1]).toBe(9_999)
    expect(idx).toContain(5_000)
    const d = lttb(x, y, 300)
    expect(d.ys[0]).toContain(500)
  })

  it('downsample picks LTTB only for one series', () => {
    const x = range(5_000)
    expect(downsample(x, [x], 100, 'lttb').x.length).toBe(200)
    expect(downsample(x, [x, x], 100, 'lttb').x.length).toBeLessThanOrEqual(100 * 3 + 1)
  })
})
