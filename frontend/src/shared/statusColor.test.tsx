import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import APIKeyCard from '../features/keys/APIKeyCard'
import EndpointsTable from '../features/usage/EndpointsTable'
import KeyUsageTable from '../features/usage/KeyUsageTable'
import UsageCards from '../features/usage/UsageCards'
import { keyFixture } from '../test/keys'
import { renderUI } from '../test/render'
import { errorRate, redWhenBad, successColor, successHealth } from './statusColor'

describe('the health of a success rate', () => {
  it('is good from 99 %, a warning from 95 %, bad under 95 %', () => {
    expect(successHealth(100)).toBe('good')
    expect(successHealth(99)).toBe('good')
    expect(successHealth(98.9)).toBe('warn')
    expect(successHealth(95)).toBe('warn')
    expect(successHealth(94.9)).toBe('bad')
    expect(successHealth(0)).toBe('bad')
    expect([successColor(99.5), successColor(97), successColor(50)]).toEqual(['teal', 'yellow', 'red'])
    expect([redWhenBad(97), redWhenBad(94)]).toEqual([undefined, 'red'])
  })

  it('error rate is errors over requests, and nothing without traffic', () => {
    expect(errorRate(800, 40)).toBe(5)
    expect(errorRate(0, 0)).toBeUndefined()
  })

  // Every screen that colours a rate gives it the same verdict: 5 % of
  // requests failing is a warning everywhere, a little more is bad
  // everywhere. (The key card once turned red at 5 % errors while Usage's
  // tables waited until 95 % success was undercut.)
  it.each([
    ['exactly 5 % failing', 800, 40, false],
    ['just over 5 % failing', 800, 41, true],
  ])('%s: the key card, both Usage tables and the success card agree', (_, requests, errors, red) => {
    const success = ((requests - errors) / requests) * 100
    const isRed = (el: Element | null) => /red/.test(el?.getAttribute('style') ?? '')

    const card = renderUI(<APIKeyCard keyItem={keyFixture({ request_count: requests, error_count: errors })} />)
    expect(isRed(screen.getByText('Error rate').nextElementSibling)).toBe(red)
    card.unmount()

    const keys = renderUI(<KeyUsageTable keys={[{ key_id: 'key_a', name: 'Backend', requests, success_rate: success, last_used: null }]} selected="" onSelect={() => {}} />)
    expect(isRed(within(screen.getByTestId('key-row')).getAllByRole('cell')[2])).toBe(red)
    keys.unmount()

    const endpoints = renderUI(
      <EndpointsTable endpoints={[{ method: 'GET', endpoint: '/api/v1/contacts', requests, success_rate: success, avg_latency_ms: 9, errors, rate_limited: 0 }]} />,
    )
    expect(isRed(within(screen.getByTestId('endpoint-row')).getAllByRole('cell')[2])).toBe(red)
    endpoints.unmount()

    const summary = { total_requests: requests, success_rate: success, avg_latency_ms: 10, p95_latency_ms: 20, rate_limit_usage_pct: 10, peak_rpm: 5, rate_limited_count: 0 }
    renderUI(<UsageCards summary={summary} liveExtra={0} rangeWords="in the last 24 hours" />)
    const icon = screen.getByTestId('card-success').querySelector('.mantine-ThemeIcon-root')
    expect(isRed(icon)).toBe(red)
    expect(/yellow/.test(icon?.getAttribute('style') ?? '')).toBe(!red)
  })
})
