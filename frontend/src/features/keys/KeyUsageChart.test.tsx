import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { DayUsage } from '../../api/types.gen'
import { KeyUsageChart } from './KeyUsageChart'
import { renderUI } from './testUtils'

/** n days ending on 2026-11-29, each with the given counts. */
function daysOf(n: number, counts: Partial<DayUsage> = {}): DayUsage[] {
  const end = Date.UTC(2026, 10, 29)
  return Array.from({ length: n }, (_, i) => ({
    date: new Date(end - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10),
    requests: 0,
    errors: 0,
    rate_limited: 0,
    ...counts,
  }))
}

/** The date labels under the bars, left to right. */
const dateLabels = (container: HTMLElement) =>
  [...container.querySelectorAll('svg > text')].map((t) => t.textContent)

// A React key warning fails these tests like any other (src/test/keyWarnings.ts):
// with one or two days the date labels once repeated key 0.
describe('KeyUsageChart', () => {
  it('draws 429s apart from errors and from the successful part of a day', () => {
    const days = [
      { date: '2026-11-28', requests: 0, errors: 0, rate_limited: 0 },
      { date: '2026-11-29', requests: 10, errors: 2, rate_limited: 3 },
    ]
    const { container } = renderUI(<KeyUsageChart days={days} />)
    expect(screen.getByTestId('key-usage-errors')).toHaveTextContent('Errors (2)')
    expect(screen.getByTestId('key-usage-limited')).toHaveTextContent('Rate limited, 429 (3)')
    const day = [...container.querySelectorAll('svg g')].find((g) => g.querySelector('title')?.textContent?.startsWith('Nov 29'))!
    expect(day.querySelector('title')).toHaveTextContent('10 requests, 2 errors, 3 rate limited (429)')
    const h = (part: string) => Number(day.querySelector(`[data-part="${part}"]`)!.getAttribute('height'))
    // 5 successful, 3 limited, 2 errors: the bar's parts in that proportion.
    expect(h('success') / h('errors')).toBeCloseTo(5 / 2, 5)
    expect(h('limited') / h('errors')).toBeCloseTo(3 / 2, 5)
  })

  it('labels the first, middle and last day once each, however few days there are', () => {
    const cases: [number, string[]][] = [
      [1, ['Nov 29']],
      [2, ['Nov 28', 'Nov 29']],
      [3, ['Nov 27', 'Nov 28', 'Nov 29']],
      [30, ['Oct 31', 'Nov 14', 'Nov 29']],
    ]
    for (const [n, labels] of cases) {
      const { container, unmount } = renderUI(<KeyUsageChart days={daysOf(n)} />)
      expect(dateLabels(container), `${n} days`).toEqual(labels)
      unmount()
    }
    // An idle key: every day 0, and the axis 0 / 2 / 4.
    const { container } = renderUI(<KeyUsageChart days={daysOf(30)} />)
    expect([...container.querySelectorAll('svg g > text')].map((t) => t.textContent)).toEqual(['0', '2', '4'])
  })
})
