import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { keyFixture } from '../test/keys'
import { renderUI } from '../test/render'
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

  it('links to rotating the key', async () => {
    const { navigate } = renderUI(<ExpiryWarnings keys={[keys[0]]} now={now} />)
    await userEvent.click(screen.getByRole('button', { name: 'Rotate Key' }))
    expect(navigate).toHaveBeenCalledWith('keys', { key_id: 'k6' })
  })

  it('renders nothing when no key expires soon', () => {
    renderUI(<ExpiryWarnings keys={[keys[1]]} now={now} />)
    expect(screen.queryByTestId('expiry-warnings')).not.toBeInTheDocument()
  })
})
