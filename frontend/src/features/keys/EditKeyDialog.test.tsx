// Edit key sends only what changed, and "Never" clears an expiry.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { ApiError } from '../../api/errors'
import { EditKeyDialog } from './EditKeyDialog'
import { CATALOG, makeKey, renderUI } from './testUtils'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const run = <T,>(f: () => Promise<T>) => f()

describe('EditKeyDialog', { timeout: 30_000 }, () => {
  // Go at the transport: the key-domain checks answer as Go does; Keys.Update
  // as each test says.
  let update: (...args: unknown[]) => Promise<unknown>
  beforeEach(() => {
    call.mockReset()
    update = async () => {
      throw new Error('unexpected Keys.Update')
    }
    call.mockImplementation(
      withGoAnswers((service: string, method: string, ...args: unknown[]) => {
        if (service === 'Keys' && method === 'Update') return update(...args)
        throw new Error(`unexpected ${service}.${method}`)
      }),
    )
  })
  const updates = () => call.mock.calls.filter((c) => c[1] === 'Update')

  it('patches only the changed fields', async () => {
    const key = makeKey({ permissions: ['send_email'], expires_at: '2099-01-01T00:00:00Z', allowed_ips: ['198.51.100.5'] })
    update = async () => ({ ...key, permissions: ['send_email', 'read_contacts'] })
    const onSaved = vi.fn()
    renderUI(<EditKeyDialog keyItem={key} catalog={CATALOG} withSudo={run} onSaved={onSaved} onClose={() => {}} />)
    const save = screen.getByRole('button', { name: 'Save changes' })
    expect(save).toBeDisabled()
    fireEvent.click(screen.getByRole('checkbox', { name: /Read contacts/ }))
    fireEvent.click(save)
    await waitFor(() => expect(onSaved).toHaveBeenCalled())
    expect(call).toHaveBeenCalledWith('Keys', 'Update', key.key_id, { permissions: ['send_email', 'read_contacts'] })
  })

  it('clears the expiry with never_expires and shows the platform\'s field errors', async () => {
    const key = makeKey({ expires_at: '2099-01-01T00:00:00Z' })
    update = async () => {
      throw new ApiError({ code: 'invalid_request', message: 'Some fields are not valid', fields: { 'allowed_ips[0]': '"10.0.0.0/99" is not a valid CIDR' } })
    }
    renderUI(<EditKeyDialog keyItem={key} catalog={CATALOG} withSudo={run} onSaved={() => {}} onClose={() => {}} />)
    fireEvent.click(screen.getByText('Never'))
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('"10.0.0.0/99" is not a valid CIDR')).toBeInTheDocument()
    expect(call).toHaveBeenCalledWith('Keys', 'Update', key.key_id, { never_expires: true })
  })

  it('refuses an empty permission set and a bad IP before sending', async () => {
    const key = makeKey({ permissions: ['send_email'] })
    renderUI(<EditKeyDialog keyItem={key} catalog={CATALOG} withSudo={run} onSaved={() => {}} onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    expect(await screen.findByText('Select at least one permission')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled()
    fireEvent.click(await screen.findByRole('button', { name: 'Read only' }))
    fireEvent.change(screen.getByLabelText('IP restriction', { exact: false }), { target: { value: '300.1.1.1' } })
    fireEvent.blur(screen.getByLabelText('IP restriction', { exact: false }))
    expect(await screen.findByText('"300.1.1.1" is not a valid IP address or CIDR range')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled()
    expect(updates()).toHaveLength(0)
  })
})
