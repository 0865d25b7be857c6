import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { KeyUsageChart } from './KeyUsageChart'
import { renderUI } from './testUtils'

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
})
