// exportFile: in the window Go streams the export to the file the user
// picks (the UI never holds it); in a browser the text comes back and
// downloads; a partial (offline) export says so and stays on screen.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const transport = vi.hoisted(() => ({ call: vi.fn(), inWindow: vi.fn() }))
vi.mock('../api/transport', () => transport)
const notifications = vi.hoisted(() => ({ show: vi.fn() }))
vi.mock('@mantine/notifications', () => ({ notifications }))

import { exportLogsCSV } from '../features/logs/queries'
import { exportErrorsCSV } from '../features/usage/queries'

describe('exportFile (through the CSV exports that use it)', () => {
  beforeEach(() => {
    transport.call.mockReset()
    transport.inWindow.mockReset()
    notifications.show.mockReset()
  })

  it('has Go save the file in the window, without the content crossing to the UI', async () => {
    transport.inWindow.mockReturnValue(true)
    transport.call.mockResolvedValue({ path: '/home/u/request-log.csv', bytes: 123 })
    const r = await exportLogsCSV({ status: '4xx' })
    expect(transport.call).toHaveBeenCalledTimes(1)
    expect(transport.call).toHaveBeenCalledWith('Logs', 'SaveCSV', { status: '4xx' })
    expect(r).toEqual({ saved: true, path: '/home/u/request-log.csv', notice: undefined })
    expect(notifications.show).not.toHaveBeenCalled()
  })

  it('reports a cancelled Save dialog as not saved', async () => {
    transport.inWindow.mockReturnValue(true)
    transport.call.mockResolvedValue({ path: '', bytes: 0 })
    expect((await exportErrorsCSV({ range: '24h' })).saved).toBe(false)
  })

  it('downloads the text in a browser and shows an offline notice', async () => {
    transport.inWindow.mockReturnValue(false)
    const notice = 'Offline: this file holds the 12 most recent errors kept by the snapshot of 1 Dec 2026 10:00, not every error of the range.'
    transport.call.mockResolvedValue({ filename: 'api-errors-24h.csv', content: 'at,key_id\n', content_type: 'text/csv', notice })
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    URL.createObjectURL = vi.fn(() => 'blob:x')
    URL.revokeObjectURL = vi.fn()
    const r = await exportErrorsCSV({ range: '24h' })
    expect(transport.call).toHaveBeenCalledWith('Usage', 'ErrorsCSV', { range: '24h' })
    expect(clicked).toEqual(['api-errors-24h.csv'])
    expect(r.notice).toBe(notice)
    expect(notifications.show).toHaveBeenCalledWith(expect.objectContaining({ title: 'Partial export', message: notice, autoClose: false }))
    click.mockRestore()
  })
})
