// APIKeyCard as the keys screen uses it: rotation grace and revoked display,
// and which controls each role and status gets.
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, within } from '@testing-library/react'
import APIKeyCard from '../APIKeyCard'
import { KeyActions } from './KeyActions'
import { RotationNotice } from './RotationNotice'
import { makeKey, renderUI } from './testUtils'
import type { Key } from '../../api/types'

const NOW = Date.parse('2026-11-27T10:00:00Z')
const min = 60_000

function card(k: Key, readOnly = false) {
  const handlers = { onToggle: vi.fn(), onEdit: vi.fn(), onRotate: vi.fn(), onRevoke: vi.fn(), onUsage: vi.fn(), onTester: vi.fn() }
  renderUI(
    <APIKeyCard
      keyItem={k}
      extra={<RotationNotice keyItem={k} now={NOW} />}
      actions={<KeyActions keyItem={k} readOnly={readOnly} expanded={false} {...handlers} />}
    />,
  )
  return handlers
}

describe('key card during a rotation', { timeout: 20_000 }, () => {
  const rotating = (over: Partial<NonNullable<Key['rotation']>>) =>
    makeKey({
      masked_key: 'pm_live_new...9z9z',
      rotation: {
        previous_masked_key: 'pm_live_old...1a1a',
        previous_expires_at: new Date(NOW + 23 * 60 * min + 12 * min + 30_000).toISOString(),
        previous_last_used: null,
        previous_requests: 0,
        ...over,
      },
    })

  it('shows both masked keys, the countdown and that the old key is still used', () => {
    card(rotating({ previous_last_used: new Date(NOW - 2 * min).toISOString(), previous_requests: 14 }))
    expect(screen.getByText('Rotating')).toBeInTheDocument()
    const notice = screen.getByTestId('rotation-notice')
    expect(within(notice).getByText('Old key stops working in 23 h 12 min')).toBeInTheDocument()
    expect(within(notice).getByText('pm_live_new...9z9z')).toBeInTheDocument()
    expect(within(notice).getByText('pm_live_old...1a1a')).toBeInTheDocument()
    expect(notice).toHaveTextContent('Old key still in use — last request 2 min ago')
  })

  it('says when the old key has had no traffic since rotation', () => {
    card(rotating({}))
    expect(screen.getByTestId('rotation-notice')).toHaveTextContent('No traffic on the old key since rotation')
  })

  it('shows no rotation notice without a rotation', () => {
    card(makeKey())
    expect(screen.queryByTestId('rotation-notice')).toBeNull()
    expect(screen.getByText('Active')).toBeInTheDocument()
  })
})

describe('key card controls', { timeout: 20_000 }, () => {
  it('gives an admin every action on an active key', () => {
    const h = card(makeKey())
    for (const name of ['Edit Permissions', 'Rotate Key', 'Revoke Key', 'View Usage', 'Try in Tester']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument()
    }
    fireEvent.click(screen.getByRole('button', { name: 'Rotate Key' }))
    expect(h.onRotate).toHaveBeenCalledOnce()
    fireEvent.click(screen.getByRole('button', { name: 'View Usage' }))
    expect(h.onUsage).toHaveBeenCalledOnce()
  })

  it('shows a revoked key as revoked, struck through, with no way to change it', () => {
    card(makeKey({ status: 'revoked', revoked_at: '2026-11-27T09:00:00Z' }))
    expect(screen.getByText('Revoked')).toBeInTheDocument()
    expect(screen.getByTestId('masked-key')).toHaveStyle({ textDecoration: 'line-through' })
    for (const name of ['Edit Permissions', 'Rotate Key', 'Revoke Key', 'Try in Tester']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
    expect(screen.getByRole('button', { name: 'View Usage' })).toBeInTheDocument()
  })

  it('gives support staff read-only cards', () => {
    card(makeKey(), true)
    for (const name of ['Edit Permissions', 'Rotate Key', 'Revoke Key']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
    expect(screen.getByRole('button', { name: 'View Usage' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try in Tester' })).toBeInTheDocument()
  })
})
