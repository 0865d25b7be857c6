import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { KeyUsage, LiveMessage, RateLimitPoint, UsageSummary } from '../../api/types.gen'
import { mergeTicks } from './useLive'
import { renderUI } from '../keys/testUtils'
import EndpointsTable from './EndpointsTable'
import KeyUsageTable from './KeyUsageTable'
import LiveStrip from './LiveStrip'
import OfflineBanner, { offlineTitle } from './OfflineBanner'
import RangePicker from './RangePicker'
import RateLimitChart from './RateLimitChart'
import { timeTicks } from './TimeSeriesChart'
import UsageCards from './UsageCards'

const summary: UsageSummary = {
  total_requests: 1200,
  success_rate: 97.5,
  avg_latency_ms: 41.4,
  p95_latency_ms: 120,
  rate_limit_usage_pct: 83,
  peak_rpm: 249,
  rate_limited_count: 3,
}

describe('usage screen parts', () => {
  it('the endpoints table counts 429s in their own column, apart from errors; an older snapshot without the count shows —', () => {
    const send = { method: 'POST', endpoint: '/api/v1/emails/send', requests: 748, success_rate: 93.7, avg_latency_ms: 20, errors: 31, rate_limited: 17 }
    const old = { method: 'GET', endpoint: '/api/v1/contacts', requests: 12, success_rate: 100, avg_latency_ms: 9, errors: 0 } as unknown as typeof send
    renderUI(<EndpointsTable endpoints={[send, old]} />)
    expect(screen.getByRole('columnheader', { name: 'Rate limited' })).toBeInTheDocument()
    const [first, second] = screen.getAllByTestId('endpoint-row')
    expect(first).toHaveTextContent('31')
    expect(first.querySelector('[data-testid="endpoint-limited"]')).toHaveTextContent('17')
    expect(second.querySelector('[data-testid="endpoint-limited"]')).toHaveTextContent('—')
  })

  it('the live strip counts a 429 once, as rate limited, not as an error too', () => {
    const t = Date.now()
    const tick = (i: number, requests: number, errors: number, rate_limited: number): LiveMessage => ({
      type: 'tick', t: new Date(t - (3 - i) * 1000).toISOString(), requests, errors, rate_limited, rpm: 60, limit: 300, remaining: 400,
    })
    const ticks = [tick(0, 10, 1, 2), tick(1, 20, 0, 3), tick(2, 15, 2, 0)]
    renderUI(<LiveStrip ticks={ticks} state={{ state: 'live', attempt: 0 }} />)
    expect(screen.getByTestId('live-total')).toHaveTextContent('45')
    expect(screen.getByTestId('live-errors')).toHaveTextContent('3')
    expect(screen.getByTestId('live-limited')).toHaveTextContent('5')
  })

  it('the offline banner names the snapshot time and its age', () => {
    const at = new Date(Date.now() - 3 * 3600_000)
    const hhmm = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    const title = offlineTitle(at.toISOString(), 3 * 3600)
    expect(title).toMatch(/^Offline — showing data from /)
    expect(title).toContain(hhmm)
    expect(title).toMatch(/, 3 hours ago$/)
    renderUI(<OfflineBanner fetchedAt={at.toISOString()} ageSeconds={3 * 3600} />)
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('3 hours ago')
  })

  it('cards add live requests to the total and show the rate-limit usage', () => {
    renderUI(<UsageCards summary={summary} liveExtra={12} rangeWords="in the last 24 hours" />)
    expect(screen.getByTestId('card-total-value')).toHaveTextContent('1,212')
    expect(screen.getByTestId('card-total-live')).toHaveTextContent('+12 live')
    expect(screen.getByTestId('card-success-value')).toHaveTextContent('97.5%')
    expect(screen.getByTestId('card-latency-value')).toHaveTextContent('41 ms')
    expect(screen.getByTestId('card-ratelimit-value')).toHaveTextContent('83%')
    expect(screen.getByTestId('card-success')).toHaveTextContent('30 failed requests')
  })

  it('one failed request is not "1 failed requests"', () => {
    renderUI(<UsageCards summary={{ ...summary, total_requests: 2, success_rate: 50 }} liveExtra={0} rangeWords="in the last 24 hours" />)
    expect(screen.getByTestId('card-success')).toHaveTextContent('1 failed request')
    expect(screen.getByTestId('card-success')).not.toHaveTextContent('1 failed requests')
  })

  it('says how often the rate limit was exceeded, and the peak', () => {
    const points: RateLimitPoint[] = [
      { t: '2026-11-27T10:00:00Z', peak_rpm: 100, limit: 300 },
      { t: '2026-11-27T11:00:00Z', peak_rpm: 299, limit: 300 },
      { t: '2026-11-27T12:00:00Z', peak_rpm: 50, limit: 300 },
    ]
    renderUI(<RateLimitChart points={points} summary={summary} rangeWords="in the last 24 hours" />)
    const ev = screen.getByTestId('ratelimit-events')
    expect(ev).toHaveTextContent('Rate limit exceeded 3 times in the last 24 hours')
    expect(ev).toHaveTextContent('Peak 299 requests / min (100% of the limit)')
  })

  it('filters keys by name and picks one', () => {
    const keys: KeyUsage[] = [
      { key_id: 'key_a', name: 'Backend', requests: 10, success_rate: 100, last_used: null },
      { key_id: 'key_b', name: 'Reporting', requests: 20, success_rate: 90, last_used: null },
    ]
    const onSelect = vi.fn()
    renderUI(<KeyUsageTable keys={keys} selected="" onSelect={onSelect} />)
    expect(screen.getAllByTestId('key-row')).toHaveLength(2)
    expect(screen.getAllByTestId('key-row')[0]).toHaveTextContent('Reporting')
    fireEvent.change(screen.getByLabelText('Filter keys'), { target: { value: 'back' } })
    expect(screen.getAllByTestId('key-row')).toHaveLength(1)
    fireEvent.click(screen.getByText('Backend'))
    expect(onSelect).toHaveBeenCalledWith('key_a')
  })

  it('Custom reopens its dates when a custom range is already chosen', async () => {
    const onChange = vi.fn()
    renderUI(<RangePicker value={{ range: 'custom', from: '2026-11-20T00:00:00Z', to: '2026-11-27T00:00:00Z' }} onChange={onChange} />)
    expect(screen.queryByLabelText('From')).toBeNull()
    fireEvent.click(screen.getByTitle('Custom'))
    expect(await screen.findByLabelText('From')).toBeInTheDocument()
    expect(onChange).not.toHaveBeenCalled()
  })

  it('time ticks name the day only under the first tick and where it changes', () => {
    const at = (h: number, m = 0, sec = 0) => new Date(2026, 10, 26, h, m, sec).getTime() / 1000
    const day = (d: number) => new Date(2026, 10, d).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    const hm = (h: number) => new Date(2026, 10, 26, h).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    expect(timeTicks([at(20), at(22), at(24), at(26)], 7200)).toEqual([`${hm(20)}\n${day(26)}`, hm(22), `${hm(0)}\n${day(27)}`, hm(2)])
    // Seconds for a live strip; whole days for a month.
    expect(timeTicks([at(8, 44, 50), at(8, 45, 0)], 10)[1]).toMatch(/45.00$/)
    expect(timeTicks([at(0), at(48)], 86_400 * 2)).toEqual([day(26), day(28)])
  })

  it('live ticks are merged in time order without duplicates, five minutes kept', () => {
    const tick = (s: number) => ({ type: 'tick' as const, t: new Date(1_700_000_000_000 + s * 1000).toISOString(), requests: s })
    const a = mergeTicks([], [tick(2), tick(1)])
    expect(a.map((m) => m.requests)).toEqual([1, 2])
    const b = mergeTicks(a, [tick(2), tick(3)])
    expect(b.map((m) => m.requests)).toEqual([1, 2, 3])
    const many = mergeTicks([], Array.from({ length: 400 }, (_, i) => tick(i)))
    expect(many).toHaveLength(300)
    expect(many[0].requests).toBe(100)
  })
})

describe('LiveStrip offline', () => {
  it('shows — for the current figures when the stream is not connected, not 0', () => {
    const tick: LiveMessage = { type: 'tick', t: new Date().toISOString(), requests: 0, errors: 0, rate_limited: 0, rpm: 0, limit: 300, remaining: 500 }
    renderUI(<LiveStrip ticks={[tick]} state={{ state: 'offline' } as never} />)
    expect(screen.getByTestId('live-rpm').textContent).toBe('—')
    expect(screen.getByTestId('live-pct').textContent).toBe('—')
    expect(screen.getByTestId('live-remaining').textContent).toBe('—')
  })
})
