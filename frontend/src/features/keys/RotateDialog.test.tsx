// The rotate dialog offers the grace choices, says what the chosen one will
// do (never a fixed "24 hours"), lists the previous secrets that still work,
// and at the cap of 3 only lets "Now" through.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { ApiError } from '../../api/errors'
import { RotateDialog } from './RotateDialog'
import { makeKey, makeRotation, renderUI } from './testUtils'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const run = <T,>(f: () => Promise<T>) => f()
const NOW = Date.parse('2026-11-27T10:00:00Z')
const min = 60_000
const at = (ms: number) => new Date(NOW + ms).toISOString()

function open(key = makeKey()) {
  const onRotated = vi.fn()
  renderUI(<RotateDialog keyItem={key} withSudo={run} onRotated={onRotated} onClose={() => {}} now={NOW} />)
  return { onRotated, dialog: screen.getByRole('dialog', { name: 'Rotate API key' }) }
}

describe('RotateDialog', { timeout: 30_000 }, () => {
  beforeEach(() => {
    call.mockReset() // braces: a function returned from beforeEach would be run as its teardown
  })

  it('offers every grace, 24 hours by default, explains Now as the choice for a leaked key, and sends the choice', async () => {
    const { dialog, onRotated } = open()
    for (const name of ['Now', '1 hour', '24 hours (default)', '3 days', '7 days']) {
      expect(within(dialog).getByRole('radio', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })).toBeEnabled()
    }
    expect(within(dialog).getByRole('radio', { name: /^24 hours/ })).toBeChecked()
    expect(dialog).toHaveTextContent('For a key that leaked: the current secret stops working at once.')
    expect(screen.getByTestId('rotate-outcome')).toHaveTextContent('keeps working for 24 hours')

    fireEvent.click(within(dialog).getByRole('radio', { name: '3 days' }))
    expect(screen.getByTestId('rotate-outcome')).toHaveTextContent('keeps working for 3 days')
    expect(dialog).not.toHaveTextContent('24 hours, until')

    fireEvent.click(within(dialog).getByRole('radio', { name: /^Now/ }))
    expect(screen.getByTestId('rotate-outcome')).toHaveTextContent('stops working as soon as you confirm')
    expect(screen.getByTestId('rotate-outcome')).not.toHaveTextContent('keeps working')

    const res = { api_key: 'pm_live_x', key: makeKey(), previous_key_expires_at: at(0) }
    call.mockResolvedValue(res)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate Key' }))
    await waitFor(() => expect(onRotated).toHaveBeenCalledWith(res, 'now'))
    expect(call).toHaveBeenCalledWith('Keys', 'Rotate', 'key_123', 'now')
  })

  it('lists the previous secrets that still work, with requests since rotation and deadlines', () => {
    const key = makeKey({
      rotation: makeRotation(
        { masked_key: 'pm_live_aaa...0001', expires_at: at(50 * min), requests_since_rotation: 2057, last_used: at(-2 * min) },
        { masked_key: 'pm_live_old...gone', expires_at: at(-min) }, // its deadline has passed: not listed
      ),
    })
    open(key)
    const list = screen.getByTestId('live-previous-secrets')
    expect(list).toHaveTextContent('1 previous secret still works (at most 3)')
    const rows = within(list).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toHaveTextContent('pm_live_aaa...0001')
    expect(rows[0]).toHaveTextContent('2,057')
    expect(rows[0]).toHaveTextContent('2 min ago')
    expect(rows[0]).toHaveTextContent('(in 50 min)')
    expect(screen.queryByTestId('previous-cap')).toBeNull()
  })

  it('at 3 previous secrets allows only Now, chosen on purpose', async () => {
    const key = makeKey({
      rotation: makeRotation({ expires_at: at(50 * min) }, { expires_at: at(3 * 60 * min) }, { expires_at: at(20 * 60 * min) }),
    })
    const { dialog } = open(key)
    expect(screen.getByTestId('previous-cap')).toHaveTextContent('already has 3 previous secrets that still work')
    for (const name of ['1 hour', '24 hours (default)', '3 days', '7 days']) {
      expect(within(dialog).getByRole('radio', { name })).toBeDisabled()
    }
    const confirm = within(dialog).getByRole('button', { name: 'Rotate Key' })
    expect(confirm).toBeDisabled()
    fireEvent.click(within(dialog).getByRole('radio', { name: /^Now/ }))
    expect(confirm).toBeEnabled()
  })

  it("shows the platform's 409 in its own words", async () => {
    const err = new ApiError({ status: 409, code: 'too_many_previous_secrets', message: 'This key already has 3 previous secrets that still work, the most a key may hold.' })
    call.mockImplementation(async () => {
      throw err
    })
    const { dialog } = open()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate Key' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('This key already has 3 previous secrets that still work')
    expect(call).toHaveBeenCalledWith('Keys', 'Rotate', 'key_123', '24h')
  })
})
