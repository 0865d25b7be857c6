// The create wizard with the Go side faked at the transport: inline checks,
// the sudo prompt (wrong password, then right), and the platform's field
// errors landing on the right step.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { ApiError } from '../../api/errors'
import type { CreateKeyResponse } from '../../api/types.gen'
import { useSudo } from '../session/useSudo'
import { SudoBadge, SudoDialog } from '../session/SudoDialog'
import { CreateKeyWizard } from './CreateKeyWizard'
import { CATALOG, makeKey, renderUI } from './testUtils'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

function Harness({ onCreated }: { onCreated: (r: CreateKeyResponse) => void }) {
  const sudo = useSudo()
  return (
    <>
      <SudoBadge state={sudo.state} />
      <CreateKeyWizard opened onClose={() => {}} catalog={CATALOG} withSudo={sudo.withSudo} onCreated={onCreated} />
      <SudoDialog {...sudo.dialog} />
    </>
  )
}

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Next' }))
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label, { exact: false }), { target: { value } })

describe('CreateKeyWizard', { timeout: 30_000 }, () => {
  beforeEach(() => {
    call.mockReset()
  })

  it('checks each step inline, asks for the password once, and creates the key', async () => {
    const created: CreateKeyResponse = { api_key: 'pm_test_secret', key: makeKey({ environment: 'test' }), warning: 'w' }
    let sudoActive = false
    call.mockImplementation(withGoAnswers(async (service: string, method: string, ...args: unknown[]) => {
      if (method === 'SudoStatus') return { active: sudoActive, expires_at: null }
      if (method === 'Sudo') {
        if (args[0] !== 'right') throw new ApiError({ code: 'invalid_credentials', message: 'Incorrect password. Try again.' })
        sudoActive = true
        return { active: true, expires_at: new Date(Date.now() + 15 * 60_000).toISOString() }
      }
      if (service === 'Keys' && method === 'Create') {
        if (!sudoActive) throw new ApiError({ code: 'sudo_required', message: 'Confirm your password to continue' })
        return created
      }
      throw new Error(`unexpected ${service}.${method}`)
    }))
    const onCreated = vi.fn()
    renderUI(<Harness onCreated={onCreated} />)

    // Step 1: the name is checked before moving on.
    next()
    expect(await screen.findByText('Name must be 1-50 characters')).toBeInTheDocument()
    type('Name', 'x'.repeat(51))
    expect(screen.getByText('Name must be 1-50 characters')).toBeInTheDocument()
    type('Name', 'CI runner')
    fireEvent.click(screen.getByRole('radio', { name: 'Test' }))
    next()

    // Step 2: at least one permission (the presets are Go's).
    await screen.findByRole('button', { name: 'Email sending' })
    next()
    expect(await screen.findByText('Select at least one permission')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Email sending' }))
    next()
    await screen.findByLabelText('IP restriction', { exact: false })

    // Step 3: nothing is called wrong while typing; on leaving the field
    // every bad entry is named; Generate stays put until they are fixed.
    type('IP restriction', '198.51.100.5\n10.0.0.0/33\nnope')
    expect(screen.queryByText(/invalid prefix length/)).toBeNull()
    fireEvent.blur(screen.getByLabelText('IP restriction', { exact: false }))
    expect(await screen.findByText(/"10.0.0.0\/33" has an invalid prefix length \(0-32\)/)).toBeInTheDocument()
    expect(screen.getByText(/"nope" is not a valid IP address or CIDR range/)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Generate API Key' }))
    await waitFor(() => expect(call.mock.calls.filter((c) => c[1] === 'Check').length).toBeGreaterThan(0))
    await new Promise((r) => setTimeout(r, 50))
    expect(call.mock.calls.some((c) => c[1] === 'Create')).toBe(false)
    type('IP restriction', '198.51.100.5\n10.0.0.0/8')
    fireEvent.click(screen.getByRole('button', { name: 'Generate API Key' }))

    // Sudo: a wrong password says so, the right one retries the create.
    const pw = await screen.findByLabelText('Password')
    fireEvent.change(pw, { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }))
    expect(await screen.findByText('Incorrect password. Try again.')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right' } })
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }))

    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created))
    const creates = call.mock.calls.filter((c) => c[1] === 'Create')
    expect(creates).toHaveLength(2) // refused for sudo, then retried
    const req = creates[1][2] as Record<string, unknown>
    expect(req).toMatchObject({ name: 'CI runner', environment: 'test', permissions: ['send_email', 'send_bulk_email'], allowed_ips: ['198.51.100.5', '10.0.0.0/8'] })
    // 90 days is the default expiry.
    const days = (Date.parse(req.expires_at as string) - Date.now()) / 86_400_000
    expect(Math.round(days)).toBe(90)
    expect(await screen.findByText(/Sudo active · 1[45] min/)).toBeInTheDocument()
  })

  /** Fills the wizard and presses Generate; the platform refuses with fields. */
  async function generateRefusedWith(fields: Record<string, string>) {
    call.mockImplementation(withGoAnswers(async (_s: string, method: string) => {
      if (method === 'SudoStatus') return { active: true, expires_at: new Date(Date.now() + 600_000).toISOString() }
      if (method === 'Create') throw new ApiError({ code: 'invalid_request', message: 'Some fields are not valid', fields })
      throw new Error(method)
    }))
    renderUI(<Harness onCreated={() => {}} />)
    type('Name', 'Dup')
    next()
    fireEvent.click(await screen.findByRole('button', { name: 'Read only' }))
    next()
    fireEvent.click(await screen.findByRole('button', { name: 'Generate API Key' }))
  }

  it('puts the platform\'s field errors on the right step', async () => {
    await generateRefusedWith({ name: 'A key with this name already exists' })
    expect(await screen.findByText('A key with this name already exists')).toBeInTheDocument()
    expect(screen.getByLabelText('Name', { exact: false })).toBeVisible()
  })

  it('shows the platform\'s bad-input messages as they come (expiry, IPv4-mapped range)', async () => {
    const fields = {
      expires_at: 'Expiry date must be at least 1 minute in the future',
      allowed_ips: '"::ffff:0.0.0.0/64" is an IPv4-mapped range wider than the IPv4 space; write the IPv4 range instead (like 127.0.0.0/8)',
    }
    await generateRefusedWith(fields)
    expect(await screen.findByText(fields.expires_at)).toBeVisible()
    expect(screen.getByText(fields.allowed_ips)).toBeVisible()
  })

  it('takes the user back to the permissions with the unknown ones named', async () => {
    const msg = 'Unknown permissions: "a", "b", "c", "d", "e" and 3 more'
    await generateRefusedWith({ permissions: msg })
    expect(await screen.findByText(msg)).toBeVisible()
    expect(screen.getByRole('button', { name: 'Read only' })).toBeVisible()
  })

  it('Enter advances the first step; a custom date is not called missing until the user goes on', async () => {
    call.mockImplementation(withGoAnswers(async (_s: string, method: string) => {
      if (method === 'SudoStatus') return { active: true, expires_at: new Date(Date.now() + 600_000).toISOString() }
      throw new Error(method)
    }))
    renderUI(<Harness onCreated={() => {}} />)
    const name = screen.getByLabelText('Name', { exact: false })
    fireEvent.keyDown(name, { key: 'Enter' })
    expect(await screen.findByText('Name must be 1-50 characters')).toBeInTheDocument()
    type('Name', 'Enter key')
    fireEvent.keyDown(name, { key: 'Enter' })
    expect(await screen.findByRole('button', { name: 'Read only' })).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Read only' }))
    next()
    fireEvent.click(await screen.findByRole('radio', { name: 'Custom date' }))
    expect(screen.queryByText('Choose an expiry date')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Generate API Key' }))
    expect(await screen.findByText('Choose an expiry date')).toBeInTheDocument()
  })
})
