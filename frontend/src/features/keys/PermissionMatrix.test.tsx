import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useState } from 'react'
import { fireEvent, screen, within } from '@testing-library/react'
import { PermissionMatrix } from './PermissionMatrix'
import { CATALOG, renderUI } from './testUtils'
import { onlyGo } from '../../test/goAnswers'

// Go at the transport: its recorded answers for the key-domain methods.
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, onLocal: () => () => {}, inWindow: () => false }))
beforeEach(() => {
  call.mockImplementation(onlyGo)
})

function Harness({ initial = [] as string[], error, lockDangerous }: { initial?: string[]; error?: string; lockDangerous?: boolean }) {
  const [v, setV] = useState<string[]>(initial)
  return (
    <>
      <PermissionMatrix catalog={CATALOG} value={v} onChange={setV} error={error} lockDangerous={lockDangerous} />
      <output data-testid="value">{v.join(',')}</output>
    </>
  )
}

const value = () => screen.getByTestId('value').textContent

// The machine is shared and slow: allow for rendering time, not for waiting.
describe('PermissionMatrix', { timeout: 20_000 }, () => {
  it('lists every permission by category and marks the dangerous ones', () => {
    renderUI(<Harness />)
    for (const label of ['Emails', 'Contacts', 'Admin']) expect(screen.getByText(label)).toBeInTheDocument()
    expect(screen.getByRole('checkbox', { name: /Send email\s*send_email/ })).toBeInTheDocument()
    const dangerous = document.querySelectorAll('[data-dangerous] input, input[data-dangerous]')
    expect(dangerous.length).toBe(2)
    // The admin category carries the red "Dangerous" badge; the others do not.
    const admin = document.querySelector('[data-category="admin"]') as HTMLElement
    expect(within(admin).getByText('Dangerous')).toBeInTheDocument()
    const emails = document.querySelector('[data-category="emails"]') as HTMLElement
    expect(within(emails).queryByText('Dangerous')).toBeNull()
  })

  it('applies the catalog presets', () => {
    renderUI(<Harness />)
    fireEvent.click(screen.getByRole('button', { name: 'Email sending' }))
    expect(value()).toBe('send_email,send_bulk_email')
    expect(screen.getByRole('button', { name: 'Email sending' })).toHaveAttribute('aria-pressed', 'true')
    fireEvent.click(screen.getByRole('button', { name: 'Read only' }))
    expect(value()).toBe('read_contacts')
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    expect(value()).toBe('')
  })

  it('warns when a dangerous permission is chosen', () => {
    renderUI(<Harness />)
    expect(screen.queryByText('Dangerous permissions')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Full access' }))
    expect(value()).toBe('full_access')
    expect(screen.getByText('Dangerous permissions')).toBeInTheDocument()
    expect(screen.getByText(/Full access gives this key control over your account/)).toBeInTheDocument()
  })

  it('toggles single permissions and whole categories, keeping catalog order', () => {
    renderUI(<Harness initial={['write_contacts']} />)
    fireEvent.click(screen.getByRole('checkbox', { name: /Send email\s*send_email/ }))
    expect(value()).toBe('send_email,write_contacts')
    fireEvent.click(screen.getByRole('checkbox', { name: 'All Contacts permissions' }))
    expect(value()).toBe('send_email,read_contacts,write_contacts')
    fireEvent.click(screen.getByRole('checkbox', { name: 'All Contacts permissions' }))
    expect(value()).toBe('send_email')
    expect(screen.getByText('1 of 6 selected')).toBeInTheDocument()
  })

  it('locks the dangerous permissions for users who may not grant them', () => {
    renderUI(<Harness lockDangerous />)
    expect(screen.getByRole('checkbox', { name: /Full access\s*full_access/ })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Full access' })).toBeDisabled()
    expect(screen.getByText('Only tenant admins can grant the dangerous permissions.')).toBeInTheDocument()
    // Selecting a whole category skips what is locked.
    fireEvent.click(screen.getByRole('checkbox', { name: 'All Emails permissions' }))
    expect(value()).toBe('send_email,send_bulk_email')
    expect(screen.getByRole('checkbox', { name: 'All Admin permissions' })).toBeDisabled()
  })

  it('shows the error it is given', () => {
    renderUI(<Harness error="Select at least one permission" />)
    expect(screen.getByRole('alert')).toHaveTextContent('Select at least one permission')
  })
})
