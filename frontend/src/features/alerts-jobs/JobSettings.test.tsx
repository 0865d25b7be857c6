import { fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/errors'
import { renderUI } from '../../test/render'
import JobSettings from './JobSettings'
import answers from '../../test/goAnswers.json'

const DEFAULT_JOB_SETTINGS = answers.jobs_about.defaults
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
// inWindow: the settings show the desktop-notification switch's wording for
// a browser (this file is about schedules).
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))

const render = () =>
  renderUI(
    <SWRConfig value={{ provider: () => new Map() }}>
      <JobSettings />
    </SWRConfig>,
  )

describe('JobSettings', () => {
  // A braced body: mockReset returns the mock, which vitest would call as a teardown.
  beforeEach(() => {
    call.mockReset()
  })

  it('shows the platform side’s message under the schedule it names', async () => {
    const problem = 'Schedule of Alerts: "61 * * * *" is not a valid cron expression (minute hour day month weekday): end of range (61) above maximum (59): 61'
    call.mockImplementation(withGoAnswers(async (_s: string, method: string) => {
      if (method === 'Settings') return DEFAULT_JOB_SETTINGS
      if (method === 'List') return []
      throw new ApiError({ code: 'invalid_request', message: problem, fields: { 'schedules.alerts': problem } })
    }))
    render()
    const input = await screen.findByTestId('job-schedule-alerts')
    fireEvent.change(input, { target: { value: '61 * * * *' } })
    await userEvent.click(screen.getByTestId('job-settings-save'))
    expect(await screen.findByText(problem)).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
    const saved = call.mock.calls.find((c) => c[1] === 'SaveSettings')
    expect(saved?.[2]).toMatchObject({ schedules: { alerts: '61 * * * *' } })
  })

  it('refuses a schedule without five fields before asking Go', async () => {
    call.mockImplementation(withGoAnswers(async (_s: string, method: string) => (method === 'List' ? [] : DEFAULT_JOB_SETTINGS)))
    render()
    const input = await screen.findByTestId('job-schedule-retention')
    fireEvent.change(input, { target: { value: '30 3 *' } })
    await userEvent.click(screen.getByTestId('job-settings-save'))
    expect(await screen.findByText(/Schedule of Retention: A cron expression has 5 fields/)).toBeInTheDocument()
    expect(call).not.toHaveBeenCalledWith('Jobs', 'SaveSettings', expect.anything())
  })

  it('saves valid settings', async () => {
    const jobs = [{ name: 'alerts', schedule: '*/5 * * * *', schedule_text: 'Every 5 minutes' }]
    call.mockImplementation(withGoAnswers(async (_s: string, method: string, arg?: unknown) =>
      method === 'SaveSettings' ? arg : method === 'List' ? jobs : DEFAULT_JOB_SETTINGS,
    ))
    render()
    const input = await screen.findByTestId('job-schedule-alerts')
    expect(await screen.findByText('Every 5 minutes')).toBeInTheDocument()
    fireEvent.change(input, { target: { value: '*/10 * * * *' } })
    expect(screen.getByText('Not saved yet')).toBeInTheDocument()
    await userEvent.click(screen.getByTestId('job-settings-save'))
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('Jobs', 'SaveSettings', expect.objectContaining({ schedules: expect.objectContaining({ alerts: '*/10 * * * *' }) })))
    await vi.waitFor(() => expect(screen.getByTestId('job-settings-save')).toBeDisabled())
  })
})
