// The Usage screen against a fake Go side: a range that cannot be loaded
// (offline, no snapshot of it) says so instead of showing the previous
// range's numbers under the new range's name.
import { fireEvent, screen } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/errors'
import type { UsageView } from './queries'
import { renderUI, sessionFixture } from '../../test/render'
import UsagePage from './UsagePage'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const now = new Date().toISOString()
const day: UsageView = {
  snapshot_id: 's1',
  fetched_at: now,
  from_cache: false,
  offline: false,
  age_seconds: 0,
  data: {
    range: { from: now, to: now, granularity: 'minute' },
    summary: { total_requests: 1770, success_rate: 95, avg_latency_ms: 30, p95_latency_ms: 80, rate_limit_usage_pct: 10, peak_rpm: 30, rate_limited_count: 0 },
    series: [],
    rate_limit_series: [],
    endpoints: [],
    errors_by_status: [],
    recent_errors: [],
    keys: [],
    generated_at: now,
  },
}

beforeEach(() => {
  call.mockReset()
  call.mockImplementation(withGoAnswers(async (service: string, method: string, q?: { range: string }) => {
    if (service === 'Usage' && method === 'Get') {
      if (q?.range === '24h') return day
      throw new ApiError({ status: 502, code: 'platform_unreachable', message: 'Cannot reach the PenguinMails platform.' })
    }
    if (method === 'LiveRecent' || method === 'Snapshots') return []
    if (method === 'LiveState') return { state: 'offline', attempt: 0 }
    throw new Error(`unexpected call ${service}.${method}`)
  }))
})

describe('Usage screen', () => {
  it('offline on a range with no snapshot shows the offline banner, not the previous range under its name', async () => {
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <UsagePage />
      </SWRConfig>,
    )
    expect(await screen.findByTestId('card-total-value')).toHaveTextContent('1,770')
    fireEvent.click(screen.getByTitle('Last 7 Days'))
    // Offline on a range no snapshot was kept of: the offline banner, saying so.
    expect(await screen.findByTestId('offline-banner')).toHaveTextContent('Offline — no snapshot of the last 7 days is kept on this computer')
    expect(screen.queryByText('Could not load usage')).toBeNull()
    expect(screen.queryByTestId('card-total-value')).toBeNull()
    // Back to 24 hours: its numbers again.
    fireEvent.click(screen.getByTitle('Last 24 Hours'))
    expect(await screen.findByTestId('card-total-value')).toHaveTextContent('1,770')
  })

  it('offline, the stored snapshot still gets the batching advice, with its own figures and limit', async () => {
    // A snapshot kept while 429s happened; the platform is unreachable now,
    // so the live rate-limit status (Usage.Current) is unknown.
    const stored: UsageView = {
      ...day,
      offline: true,
      from_cache: true,
      age_seconds: 3 * 3600,
      data: {
        ...day.data,
        summary: { ...day.data.summary, peak_rpm: 420, rate_limited_count: 120 },
        rate_limit_series: [{ t: now, peak_rpm: 420, limit: 300 }],
      },
    }
    // What Go answers by itself (plans, masks…) it answers offline too.
    call.mockImplementation(
      withGoAnswers(async (service: string, method: string) => {
        if (service === 'Usage' && method === 'Get') return stored
        if (method === 'LiveRecent' || method === 'Snapshots') return []
        if (method === 'LiveState') return { state: 'offline', attempt: 0 }
        throw new ApiError({ status: 502, code: 'platform_unreachable', message: 'Cannot reach the PenguinMails platform.' })
      }),
    )
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <UsagePage />
      </SWRConfig>,
      { session: sessionFixture({ online: false }) },
    )
    expect(await screen.findByTestId('offline-banner')).toBeInTheDocument()
    const advice = await screen.findByTestId('limit-advice')
    expect(advice).toHaveTextContent('Batch your requests to stay under the limit')
    expect(advice).toHaveTextContent('120 requests were refused with 429 in the last 24 hours; the busiest minute had 420 requests against your limit of 300 per minute.')
    expect(advice).toHaveTextContent('the Business plan allows 1,000 requests per minute')
  })

  it('with a key chosen, the live strip says it still counts all keys', async () => {
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <UsagePage />
      </SWRConfig>,
      { nav: { page: 'usage', params: { key_id: 'key_a' } } },
    )
    expect(await screen.findByTestId('live-note')).toHaveTextContent('All keys: the live stream is not filtered')
  })
})
