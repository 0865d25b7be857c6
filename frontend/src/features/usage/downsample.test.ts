import { describe, expect, it } from 'vitest'
import { minMax } from './downsample'

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
