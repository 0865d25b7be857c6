// After 429s in the range, Usage recommends batching or upgrading, with the figures.
import { screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { UsageSummary } from '../../api/types.gen'
import { renderUI } from '../../test/render'
import LimitAdvice from './LimitAdvice'
import { onlyGo } from '../../test/goAnswers'

// Go at the transport: the plans (and the next one) are its answer.
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))
beforeEach(() => {
  call.mockImplementation(onlyGo)
})

const base: UsageSummary = { total_requests: 5000, success_rate: 97, avg_latency_ms: 30, p95_latency_ms: 80, rate_limit_usage_pct: 90, peak_rpm: 420, rate_limited_count: 120 }

describe('LimitAdvice', () => {
  it('says nothing when nothing was refused', () => {
    renderUI(<LimitAdvice summary={{ ...base, rate_limited_count: 0 }} plan="professional" limit={300} rangeWords="in the last 24 hours" />)
    expect(screen.queryByTestId('limit-advice')).toBeNull()
  })

  it('recommends batching when the peak is within reach, with the figures and the next plan', async () => {
    renderUI(<LimitAdvice summary={base} plan="professional" limit={300} rangeWords="in the last 24 hours" />)
    const a = await screen.findByTestId('limit-advice')
    expect(a).toHaveTextContent('Batch your requests to stay under the limit')
    expect(a).toHaveTextContent('120 requests were refused with 429 in the last 24 hours; the busiest minute had 420 requests against your limit of 300 per minute.')
    expect(a).toHaveTextContent('up to 50 recipients per request')
    expect(a).toHaveTextContent('the Business plan allows 1,000 requests per minute (bursts up to 2,000).')
    expect(screen.getByRole('link', { name: 'View plans →' })).toBeInTheDocument()
  })

  it('leads with an upgrade when the peak is far above the limit', async () => {
    renderUI(<LimitAdvice summary={{ ...base, peak_rpm: 900 }} plan="professional" limit={300} rangeWords="today" />)
    expect(await screen.findByTestId('limit-advice')).toHaveTextContent('Your traffic needs a higher limit')
  })
})
