import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobAlert, JobStatus, SentNotification } from './queries'
import { renderUI } from '../../test/render'
import AlertsJobsPage from './AlertsJobsPage'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const now = Date.now()
const iso = (ms: number) => new Date(now + ms).toISOString()

const job = (over: Partial<JobStatus>): JobStatus => ({
  name: 'alerts',
  title: 'Alerts',
  description: 'Raises alerts.',
  schedule: '*/5 * * * *',
  schedule_text: 'Every 5 minutes',
  last_run: iso(-120_000),
  result: 'ok',
  message: '120 requests, 2 failed, 0 rate-limited in 15 min',
  duration_ms: 12,
  trigger: 'schedule',
  next_run: iso(180_000),
  running: false,
  runs: 4,
  failures: 0,
  ...over,
})

const alert = (over: Partial<JobAlert>): JobAlert => ({
  id: 'a1',
  kind: 'error_rate',
  severity: 'critical',
  title: 'Error rate 12.0% over the last 15 minutes',
  message: '12 of 100 API requests failed.',
  at: iso(-600_000),
  last_seen: iso(-60_000),
  occurrences: 3,
  status: 'new',
  acknowledged_at: null,
  emailed: true,
  ...over,
})

const mail: SentNotification = {
  id: 'ntf_1',
  kind: 'key_expiry',
  key_id: 'key_1',
  subject: 'API key "Billing" expires in 3 days',
  body: 'The API key…',
  recipients: ['admin@demo.penguinmails.test', 'dev@demo.penguinmails.test'],
  sent_at: iso(-3_600_000),
  job: 'expiry_reminders',
}

function backend(over: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = {
    List: [
      job({ name: 'expiry_reminders', title: 'Expiry reminders', schedule: '0 9 * * *', schedule_text: 'Every day at 09:00' }),
      job({ name: 'usage_snapshots', title: 'Usage snapshots', result: 'error', message: 'Cannot reach the platform', failures: 1 }),
      job({}),
    ],
    Alerts: [alert({}), alert({ id: 'a2', kind: 'security', title: 'Blocked request from 127.0.0.1', status: 'acknowledged', acknowledged_at: iso(-1000), emailed: false })],
    Notifications: [mail],
    ...over,
  }
  call.mockImplementation(async (_svc: string, method: string, ...args: unknown[]) => {
    if (method === 'RunNow') return job({ name: args[0] as JobStatus['name'], trigger: 'manual', message: 'Snapshot saved', title: 'Usage snapshots' })
    if (method === 'Acknowledge') return alert({ status: 'acknowledged' })
    return data[method]
  })
}

const render = () =>
  renderUI(
    <SWRConfig value={{ provider: () => new Map() }}>
      <AlertsJobsPage />
    </SWRConfig>,
  )

describe('AlertsJobsPage', () => {
  // A braced body: mockReset returns the mock, which vitest would call as a teardown.
  beforeEach(() => {
    call.mockReset()
  })

  it('lists the jobs with their schedule in words and cron, result and next run', async () => {
    backend()
    render()
    const row = await screen.findByTestId('job-expiry_reminders')
    expect(within(row).getByText('Every day at 09:00')).toBeInTheDocument()
    expect(within(row).getByText('0 9 * * *')).toBeInTheDocument()
    expect(within(row).getByText('OK')).toBeInTheDocument()
    expect(within(row).getByText('in 3 min')).toBeInTheDocument()
    const failed = screen.getByTestId('job-usage_snapshots')
    expect(within(failed).getByText('Failed')).toBeInTheDocument()
    expect(within(failed).getByText('Cannot reach the platform')).toBeInTheDocument()
  })

  it('runs a job now and shows its new result', async () => {
    backend()
    render()
    const row = await screen.findByTestId('job-usage_snapshots')
    await userEvent.click(within(row).getByRole('button', { name: 'Run now' }))
    expect(call).toHaveBeenCalledWith('Jobs', 'RunNow', 'usage_snapshots')
    await vi.waitFor(() => expect(within(screen.getByTestId('job-usage_snapshots')).getByText('OK')).toBeInTheDocument())
  })

  it('shows alerts new and acknowledged, and acknowledges one', async () => {
    backend()
    render()
    const rows = await screen.findAllByTestId('alert-row')
    expect(rows.map((r) => r.dataset.status)).toEqual(['new', 'acknowledged'])
    expect(within(rows[0]).getByText('×3')).toBeInTheDocument()
    expect(within(rows[0]).getByText('Email sent')).toBeInTheDocument()
    expect(within(rows[1]).getByText('Emailed by the platform')).toBeInTheDocument()
    await userEvent.click(within(rows[0]).getByRole('button', { name: /Acknowledge “Error rate/ }))
    expect(call).toHaveBeenCalledWith('Jobs', 'Acknowledge', 'a1')
  })

  it('lists the emails sent with their recipients', async () => {
    backend()
    render()
    const table = await screen.findByTestId('notifications-table')
    expect(within(table).getByText('API key "Billing" expires in 3 days')).toBeInTheDocument()
    expect(within(table).getByText('admin@demo.penguinmails.test, dev@demo.penguinmails.test')).toBeInTheDocument()
    expect(within(table).queryByText('Already sent')).toBeNull()
  })

  it('marks an email the platform had already sent for the same event', async () => {
    backend({ Notifications: [{ ...mail, replayed: true }] })
    render()
    const table = await screen.findByTestId('notifications-table')
    expect(within(table).getByText('Already sent')).toBeInTheDocument()
  })

  it('says so when there are no alerts or emails yet', async () => {
    backend({ Alerts: [], Notifications: [] })
    render()
    expect(await screen.findByText(/No alerts yet/)).toBeInTheDocument()
    expect(screen.getByText(/No emails sent yet/)).toBeInTheDocument()
  })
})
