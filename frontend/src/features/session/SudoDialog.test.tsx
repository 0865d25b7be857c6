// The sudo prompt: with the embedded platform the user never typed a
// password, so the sandbox's demo password is offered; with a remote
// platform nothing is offered.
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { SessionState } from './queries'
import { renderUI } from '../../test/render'
import { SudoDialog } from './SudoDialog'

const base: SessionState = {
  signed_in: true,
  user: { id: 'u1', email: 'admin@demo.penguinmails.test', name: 'Ada Admin', role: 'admin' },
  tenant: { id: 't1', name: 'Demo Tenant', plan: 'professional' },
  api_url: 'http://127.0.0.1:9999',
  embedded: true,
  online: true,
  sudo_until: null,
  expires_at: null,
  insecure: false,
  expired: false,
}

describe('SudoDialog', { timeout: 20_000 }, () => {
  it('offers the embedded sandbox demo password and confirms with it', () => {
    const onConfirm = vi.fn()
    const session = { ...base, demo: { password: 'demo-pw-42', users: [{ email: base.user!.email, role: 'admin' as const }] } }
    renderUI(<SudoDialog opened busy={false} error={null} onConfirm={onConfirm} onCancel={() => {}} />, { session })
    expect(screen.getByText('demo-pw-42')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Use it' }))
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }))
    expect(onConfirm).toHaveBeenCalledWith('demo-pw-42')
  })

  it('after "Use it" focus is on the password, so Enter confirms', async () => {
    const onConfirm = vi.fn()
    const session = { ...base, demo: { password: 'demo-pw-42', users: [{ email: base.user!.email, role: 'admin' as const }] } }
    renderUI(<SudoDialog opened busy={false} error={null} onConfirm={onConfirm} onCancel={() => {}} />, { session })
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: 'Use it' }))
    expect(document.activeElement).toBe(screen.getByLabelText('Password'))
    await user.keyboard('{Enter}')
    expect(onConfirm).toHaveBeenCalledWith('demo-pw-42')
  })

  it('offers nothing for a remote platform and shows the platform words on a wrong password', () => {
    renderUI(<SudoDialog opened busy={false} error="Incorrect password. Try again." onConfirm={() => {}} onCancel={() => {}} />, {
      session: { ...base, embedded: false },
    })
    expect(screen.queryByRole('button', { name: 'Use it' })).toBeNull()
    expect(screen.getByText('Incorrect password. Try again.')).toBeInTheDocument()
  })
})
