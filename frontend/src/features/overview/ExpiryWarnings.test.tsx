import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { keyFixture } from '../../test/keys'
import { renderUI, sessionFixture } from '../../test/render'
import ExpiryWarnings, { keysExpiringSoon } from './ExpiryWarnings'

const now = Date.parse('2026-11-27T12:00:00Z')
const inDays = (d: number) => new Date(now + d * 86_400_000).toISOString()

describe('ExpiryWarnings', () => {
  const keys = [
    keyFixture({ key_id: 'k6', name: 'Six days', expires_at: inDays(6) }),
    keyFixture({ key_id: 'k8', name: 'Eight days', expires_at: inDays(8) }),
    keyFixture({ key_id: 'k2', name: 'Two days', expires_at: inDays(2) }),
    keyFixture({ key_id: 'kr', name: 'Revoked soon', status: 'revoked', expires_at: inDays(1) }),
    keyFixture({ key_id: 'kx', name: 'Already expired', status: 'expired', expires_at: inDays(-1) }),
    keyFixture({ key_id: 'kn', name: 'Never', expires_at: null }),
  ]

  it('warns for every active key expiring within 7 days, soonest first', () => {
    expect(keysExpiringSoon(keys, now).map((k) => k.key_id)).toEqual(['k2', 'k6'])
    renderUI(<ExpiryWarnings keys={keys} now={now} />)
    expect(screen.getByText('"Two days" expires in 2 days')).toBeInTheDocument()
    expect(screen.getByText('"Six days" expires in 6 days')).toBeInTheDocument()
    expect(screen.queryByText(/Eight days/)).not.toBeInTheDocument()
    expect(screen.queryByText(/Revoked soon/)).not.toBeInTheDocument()
  })

  it('its action extends the expiry (the Edit key dialog on Expiry), not a rotation that keeps the date', async () => {
    const { navigate } = renderUI(<ExpiryWarnings keys={[keys[0]]} now={now} />, { session: sessionFixture() })
    expect(screen.queryByText(/Rotate/)).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Extend expiry' }))
    expect(navigate).toHaveBeenCalledWith('keys', { edit: 'k6', section: 'expiry' })
  })

  it('support staff are told to ask an admin', async () => {
    const support = sessionFixture({ user: { id: 'u', email: 's@x', name: 'S', role: 'support' } })
    const { navigate } = renderUI(<ExpiryWarnings keys={[keys[0]]} now={now} />, { session: support })
    expect(screen.queryByRole('button', { name: 'Extend expiry' })).toBeNull()
    expect(screen.getByText(/Ask an admin to extend it/)).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'View key' }))
    expect(navigate).toHaveBeenCalledWith('keys', { key_id: 'k6' })
  })

  it('renders nothing when no key expires soon', () => {
    renderUI(<ExpiryWarnings keys={[keys[1]]} now={now} />)
    expect(screen.queryByTestId('expiry-warnings')).not.toBeInTheDocument()
  })
})
