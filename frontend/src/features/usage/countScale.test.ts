import { describe, expect, it } from 'vitest'
import { countScale } from './countScale'

describe('countScale', () => {
  it('light traffic gets a range of at least 0..5 with whole ticks, not a lone 0', () => {
    const s = countScale(2, { plotHeight: 60 })
    expect(s).toEqual({ max: 6, ticks: [0, 2, 4, 6] })
    expect(s.max).toBeGreaterThanOrEqual(5)
    expect(s.ticks.length).toBeGreaterThanOrEqual(3)
    expect(s.ticks[0]).toBe(0)
    for (const t of s.ticks) expect(Number.isInteger(t)).toBe(true)
    // 2 a second sits well above the bottom: at least a third of the height.
    expect(2 / s.max).toBeGreaterThanOrEqual(1 / 3)
  })

  it('the live strip (90 px of plot) labels every request a second up to 5', () => {
    expect(countScale(3, { plotHeight: 90 })).toEqual({ max: 5, ticks: [0, 1, 2, 3, 4, 5] })
  })

  it('no traffic at all still draws a 0..5 axis', () => {
    expect(countScale(0, { plotHeight: 100 })).toEqual({ max: 5, ticks: [0, 1, 2, 3, 4, 5] })
  })

  it('keeps headroom above the data and the threshold lines, on whole steps', () => {
    const s = countScale(120, { marks: [240, 285], plotHeight: 150 })
    expect(s.max).toBeGreaterThanOrEqual(285 * 1.1)
    expect(s.ticks[s.ticks.length - 1]).toBe(s.max)
    const step = s.ticks[1] - s.ticks[0]
    expect([1, 2, 5].includes(step / 10 ** Math.floor(Math.log10(step)))).toBe(true)
    expect(s.ticks.length - 1).toBeLessThanOrEqual(Math.floor(150 / 18))
  })

  it('big counts get few labels on a short chart', () => {
    const s = countScale(44952, { plotHeight: 60 })
    expect(s.ticks.length - 1).toBeLessThanOrEqual(3)
    expect(s.max).toBeGreaterThanOrEqual(44952 * 1.1)
  })
})
