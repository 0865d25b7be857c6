import { fireEvent, screen, waitFor } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { matchesQuery, type AuditEntry, type LogEntry } from './queries'
import { renderUI } from '../../test/render'
import AuditPanel, { detailLine } from './AuditPanel'
import { curlFor } from './curl'
import { toQuery, emptyFilters } from './LogFilters'
import LogTable, { ROW_HEIGHT } from './LogTable'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))

const entry = (i: number, over: Partial<LogEntry> = {}): LogEntry => ({
  request_id: `req_${String(i).padStart(26, '0')}`,
  at: new Date(Date.UTC(2026, 10, 29, 8, 0, i)).toISOString(),
  key_id: 'key_a',
  key_name: 'Server',
  environment: 'live',
  masked_key: 'pm_live_abc...wxyz',
  ip: '203.0.113.7',
  method: 'POST',
  route: '/api/v1/emails/send',
  path: '/api/v1/emails/send',
  query: '',
  status: 202,
  error: '',
  message: '',
  latency_ms: 1.5,
  request_size: 10,
  response_size: 20,
  user_agent: 'ua',
  bodies_logged: true,
  ...over,
})

describe('the request log table', () => {
  it('puts only the rows in view in the DOM, and opens one on click or Enter', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => entry(i))
    const onOpen = vi.fn()
    renderUI(<LogTable entries={rows} onOpen={onOpen} height={400} />)
    const shown = document.querySelectorAll('[data-request-id]')
    expect(shown.length).toBeGreaterThan(5)
    expect(shown.length).toBeLessThan(40) // 400 px of 40 px rows, and a few around them
    const scroller = screen.getByTestId('log-scroll')
    fireEvent.scroll(scroller, { target: { scrollTop: 3000 * ROW_HEIGHT } })
    expect(document.querySelector(`[data-request-id="${rows[3000].request_id}"]`)).not.toBeNull()
    expect(document.querySelector(`[data-request-id="${rows[0].request_id}"]`)).toBeNull()
    fireEvent.click(document.querySelector(`[data-request-id="${rows[3001].request_id}"]`)!)
    expect(onOpen).toHaveBeenCalledWith(rows[3001])
    fireEvent.keyDown(document.querySelector(`[data-request-id="${rows[3002].request_id}"]`)!, { key: 'Enter' })
    expect(onOpen).toHaveBeenLastCalledWith(rows[3002])
  })

  it('asks for the next page when the last rows come into view', () => {
    const onEnd = vi.fn()
    renderUI(<LogTable entries={Array.from({ length: 8 }, (_, i) => entry(i))} onOpen={() => {}} onEnd={onEnd} height={400} />)
    expect(onEnd).toHaveBeenCalled()
  })
})

describe('filters and the live tail', () => {
  it('turns the filter bar into the platform query; a request id alone wins', () => {
    const now = Date.UTC(2026, 10, 29, 9, 0, 0)
    expect(toQuery({ ...emptyFilters, status: '4xx', endpoint: 'GET /emails/{id}', keyId: 'key_a', ip: ' 10.0.0.1 ', range: '1h' }, now)).toEqual({
      status: '4xx',
      method: 'GET',
      path: '/api/v1/emails/',
      key_id: 'key_a',
      ip: '10.0.0.1',
      from: new Date(now - 3600e3).toISOString(),
    })
    expect(toQuery({ ...emptyFilters, status: '5xx', requestId: ' req_x ' })).toEqual({ request_id: 'req_x' })
  })

  it('keeps a tailed entry only when it matches the filters, as the platform would', () => {
    const e = entry(1, { status: 429, error: 'rate_limit_exceeded', method: 'GET', path: '/api/v1/contacts' })
    expect(matchesQuery(e, {})).toBe(true)
    expect(matchesQuery(e, { status: '4xx' })).toBe(true)
    expect(matchesQuery(e, { status: '429' })).toBe(true)
    expect(matchesQuery(e, { status: 'rate_limit_exceeded' })).toBe(true)
    expect(matchesQuery(e, { status: '2xx' })).toBe(false)
    expect(matchesQuery(e, { path: '/contacts' })).toBe(true)
    expect(matchesQuery(e, { path: '/api/v1/emails' })).toBe(false)
    expect(matchesQuery(e, { method: 'post' })).toBe(false)
    expect(matchesQuery(e, { key_id: 'key_b' })).toBe(false)
    expect(matchesQuery(e, { from: '2026-11-29T09:00:00Z' })).toBe(false)
  })
})

describe('Copy as cURL', () => {
  it('carries the method, URL, query and body, and only the masked key', () => {
    const c = curlFor(
      entry(1, { query: 'limit=5', request_body: { to: "o'neil@example.com" }, bodies_logged: true }),
      'http://127.0.0.1:8787',
    )
    expect(c).toContain("curl -X POST 'http://127.0.0.1:8787/api/v1/emails/send?limit=5'")
    expect(c).toContain("'Authorization: Bearer pm_live_abc...wxyz'")
    expect(c).toContain(`-d '{"to":"o'\\''neil@example.com"}'`)
  })

  it('sends no body that was cut at 16 KiB', () => {
    expect(curlFor(entry(1, { request_body: 'x'.repeat(10), request_body_truncated: true }), 'http://h')).not.toContain('-d ')
  })
})

describe('the audit tab', () => {
  beforeEach(() => call.mockReset())

  const audit = (over: Partial<AuditEntry>): AuditEntry => ({
    id: 'aud_1',
    at: '2026-11-29T08:00:00Z',
    action: 'key_rotated',
    actor: 'ada@demo.penguinmails.test',
    role: 'admin',
    ip: '127.0.0.1',
    user_agent: 'ua',
    target: 'key_a',
    ...over,
  })

  it('says what changed, before and after', () => {
    expect(detailLine(audit({ action: 'permissions_changed', detail: { before: ['send_email'], after: ['send_email', 'read_contacts'] } }))).toBe(
      'send_email → send_email, read_contacts',
    )
    expect(detailLine(audit({ action: 'key_updated', detail: { before: { name: 'A' }, after: { name: 'B' } } }))).toBe('name: A → B')
    expect(detailLine(audit({ action: 'key_rotated', detail: { previous_masked_key: 'pm_test_a...1', masked_key: 'pm_test_b...2' } }))).toBe(
      'pm_test_a...1 → pm_test_b...2',
    )
    expect(detailLine(audit({ action: 'key_rotated', detail: { previous_masked_key: 'pm_test_a...1', masked_key: 'pm_test_b...2', grace: '3d' } }))).toBe(
      'pm_test_a...1 → pm_test_b...2; the old secret works for 3d',
    )
    expect(detailLine(audit({ action: 'key_rotated', detail: { previous_masked_key: 'a', masked_key: 'b', grace: 'now' } }))).toBe(
      'a → b; the old secret ended at once',
    )
  })

  it('shows failed sign-ins with unknown addresses folded into one entry with their count', async () => {
    const flood = audit({
      action: 'sign_in_failed',
      actor: 'a@demo.penguinmails.test',
      role: '',
      target: 'a@demo.penguinmails.test',
      count: 1000,
      last_at: '2026-11-29T08:00:59Z',
      detail: { reason: 'unknown_email', emails: ['a@demo.penguinmails.test', 'b@demo.penguinmails.test'], other_attempts: 998 },
    })
    expect(detailLine(flood)).toBe('1,000 attempts, unknown email: a@demo.penguinmails.test, b@demo.penguinmails.test and 998 more')
    const overflow = { ...flood, ip: '', count: 30, detail: { ...flood.detail, other_attempts: 28, ips: ['127.0.0.9', '127.0.0.10'] } }
    expect(detailLine(overflow)).toContain('and 28 more; from 127.0.0.9, 127.0.0.10 and others')
    expect(detailLine(audit({ action: 'sign_in_failed', detail: { reason: 'wrong_password' } }))).toBe('wrong password')
    call.mockImplementation(async () => ({
      fetched_at: '',
      offline: false,
      age_seconds: 0,
      same_query: true,
      page: { entries: [flood, audit({ id: 'aud_2' })], next_cursor: '' },
      query: {},
    }))
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <AuditPanel />
      </SWRConfig>,
      { nav: { page: 'logs', params: { tab: 'audit' } } },
    )
    const counts = await screen.findAllByTestId('audit-count')
    expect(counts.map((c) => c.textContent)).toEqual(['×1,000'])
  })

  it('filters by action and exports the same filters as CSV', async () => {
    call.mockImplementation(async (_s: string, method: string) => {
      if (method === 'Audit')
        return { fetched_at: '', offline: false, age_seconds: 0, same_query: true, page: { entries: [audit({})], next_cursor: '' }, query: {} }
      return { filename: 'audit.csv', content_type: 'text/csv', content: 'at\n' }
    })
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <AuditPanel />
      </SWRConfig>,
      { nav: { page: 'logs', params: { tab: 'audit' } } },
    )
    await screen.findByText('Key rotated')
    fireEvent.click(screen.getByRole('combobox', { name: 'Action' }))
    fireEvent.click(await screen.findByRole('option', { name: 'Key revoked' }))
    await waitFor(() => expect(call).toHaveBeenLastCalledWith('Logs', 'Audit', expect.objectContaining({ action: 'key_revoked' })))
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    await waitFor(() => expect(call).toHaveBeenCalledWith('Logs', 'AuditCSV', { action: 'key_revoked' }))
  })
})
