import { describe, expect, it } from 'vitest'
import { placeThresholdLabels, type PlacedLabel } from './thresholdLabels'

const box = { left: 50, top: 10, width: 400, height: 140 }
const LH = 13

function rect(p: PlacedLabel, width: number) {
  const l = p.align === 'right' ? p.x - width : p.x
  return { l, r: l + width, t: p.y - LH, b: p.y }
}

function apart(a: ReturnType<typeof rect>, b: ReturnType<typeof rect>) {
  return a.r <= b.l || b.r <= a.l || a.b <= b.t || b.b <= a.t
}

describe('threshold labels', () => {
  it('lines far apart: both labels at the right end, above their lines', () => {
    const [a, b] = placeThresholdLabels([{ y: 120, width: 70 }, { y: 60, width: 70 }], box, LH)
    expect(a).toEqual({ x: 446, y: 116, align: 'right' })
    expect(b).toEqual({ x: 446, y: 56, align: 'right' })
  })

  it('lines a few pixels apart (short chart): the labels never overlap', () => {
    for (let gap = 0; gap <= 30; gap++) {
      const placed = placeThresholdLabels([{ y: 100, width: 70 }, { y: 100 - gap, width: 70 }], box, LH)
      expect(apart(rect(placed[0], 70), rect(placed[1], 70)), `gap ${gap}`).toBe(true)
    }
  })

  it('a line near the top edge gets its label below it, inside the plot', () => {
    const [a] = placeThresholdLabels([{ y: 14, width: 70 }], box, LH)
    expect(a.y - LH).toBeGreaterThanOrEqual(box.top)
  })

  it('narrow chart (labels wider than half of it): still apart', () => {
    const narrow = { left: 40, top: 10, width: 150, height: 80 }
    for (let gap = 0; gap <= 20; gap++) {
      const placed = placeThresholdLabels([{ y: 60, width: 90 }, { y: 60 - gap, width: 90 }], narrow, LH)
      expect(apart(rect(placed[0], 90), rect(placed[1], 90)), `gap ${gap}`).toBe(true)
    }
  })
})
