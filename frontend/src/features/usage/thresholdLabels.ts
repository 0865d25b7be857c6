// Where the threshold lines' labels go (80 % / 95 % of the limit). On a short
// or narrow chart the two lines are a few pixels apart, and labels drawn at
// the same end of both ran into each other. A label sits above its line at the
// right end; when it would overlap one already placed, it moves to the left
// end, and if that is taken too, below its line (or, on a very narrow chart,
// stacked next to the other label). Near the top edge it sits below its line,
// so it is never cut off.

export interface LabelBox {
  left: number
  top: number
  width: number
  height: number
}

export interface PlacedLabel {
  /** Anchor x: the label's right edge when align is 'right', its left edge otherwise. */
  x: number
  /** Baseline. */
  y: number
  align: 'left' | 'right'
}

function overlaps(a: { l: number; r: number; t: number; b: number }, b: { l: number; r: number; t: number; b: number }) {
  return a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b
}

/** Places labels of the given text widths for lines at the given y (pixels, in box). */
export function placeThresholdLabels(lines: { y: number; width: number }[], box: LabelBox, lineHeight: number): PlacedLabel[] {
  // The gap to the line and the edges, in the same (device) pixels as lineHeight.
  const PAD = Math.round(lineHeight * 0.3)
  const taken: { l: number; r: number; t: number; b: number }[] = []
  return lines.map(({ y, width }) => {
    const above = y - PAD
    const below = y + PAD + lineHeight
    const baselines = above - lineHeight < box.top ? [below, above] : [above, below]
    const candidates: PlacedLabel[] = []
    for (const base of baselines) {
      candidates.push({ x: box.left + box.width - PAD, y: base, align: 'right' })
      candidates.push({ x: box.left + PAD, y: base, align: 'left' })
    }
    const rect = (c: PlacedLabel) => {
      const l = c.align === 'right' ? c.x - width : c.x
      return { l, r: l + width, t: c.y - lineHeight, b: c.y }
    }
    // Last resort on a very narrow chart: stacked above (or under) the labels already there.
    if (taken.length) {
      const right = box.left + box.width - PAD
      const over = Math.min(...taken.map((t) => t.t)) - 2
      const under = Math.max(...taken.map((t) => t.b)) + 2 + lineHeight
      candidates.push({ x: right, y: over - lineHeight < box.top ? under : over, align: 'right' })
      candidates.push({ x: right, y: under, align: 'right' })
    }
    const pick = candidates.find((c) => !taken.some((t) => overlaps(rect(c), t))) ?? candidates[0]
    taken.push(rect(pick))
    return pick
  })
}
