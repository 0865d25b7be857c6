// APIKeyCard as the keys screen uses it: rotation grace and revoked display,
// and which controls each role and status gets.
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, within } from '@testing-library/react'
import APIKeyCard from './APIKeyCard'
import { KeyActions } from './KeyActions'
import { RotationNotice } from './RotationNotice'
import { makeKey, makeRotation, renderUI } from './testUtils'
import type { Key, Rotation } from '../../api/types.gen'

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
  const rotating = (...prev: Parameters<typeof makeRotation>) =>
    makeKey({ masked_key: 'pm_live_new...9z9z', rotation: makeRotation(...prev) })
  const in23h = new Date(NOW + 23 * 60 * min + 12 * min + 30_000).toISOString()

  it('shows both masked keys, the countdown and that the old key is still used', () => {
    card(rotating({ masked_key: 'pm_live_old...1a1a', expires_at: in23h, last_used: new Date(NOW - 2 * min).toISOString(), requests_since_rotation: 14 }))
    expect(screen.getByText('Rotating')).toBeInTheDocument()
    const notice = screen.getByTestId('rotation-notice')
    expect(within(notice).getByText('Old key stops working in 23 h 12 min')).toBeInTheDocument()
    expect(within(notice).getByText('pm_live_new...9z9z')).toBeInTheDocument()
    expect(within(notice).getByText('pm_live_old...1a1a')).toBeInTheDocument()
    expect(notice).toHaveTextContent('Old key still in use — last request 2 min ago (14 requests since rotation)')
  })

  it('says when the old key has had no traffic since rotation', () => {
    card(rotating({ expires_at: in23h }))
    expect(screen.getByTestId('rotation-notice')).toHaveTextContent('No traffic on the old key since rotation')
  })

  it('shows each previous secret with its own countdown and traffic', () => {
    card(
      rotating(
        { masked_key: 'pm_live_aaa...0001', expires_at: new Date(NOW + 50 * min).toISOString() },
        { masked_key: 'pm_live_bbb...0002', expires_at: new Date(NOW + 6 * 24 * 60 * min + 5 * 60 * min).toISOString(), requests_since_rotation: 3, last_used: new Date(NOW - 5 * min).toISOString() },
      ),
    )
    const notice = screen.getByTestId('rotation-notice')
    expect(within(notice).getByText('2 old keys still work — the next stops in 50 min')).toBeInTheDocument()
    const [a, b] = within(notice).getAllByTestId('previous-secret')
    expect(a).toHaveTextContent('pm_live_aaa...0001')
    expect(a).toHaveTextContent('stops working in 50 min')
    expect(a).toHaveTextContent('No traffic on the old key since rotation')
    expect(b).toHaveTextContent('pm_live_bbb...0002')
    expect(b).toHaveTextContent('stops working in 6 d 5 h')
    expect(b).toHaveTextContent('Old key still in use — last request 5 min ago (3 requests since rotation)')
  })

  it('reads a platform that sends only the single previous-secret fields', () => {
    const { previous_secrets: _, ...legacy } = makeRotation({ masked_key: 'pm_live_old...1a1a', expires_at: in23h, requests_since_rotation: 3, last_used: new Date(NOW - min).toISOString() })
    card(makeKey({ rotation: legacy as Rotation }))
    const notice = screen.getByTestId('rotation-notice')
    expect(within(notice).getByText('Old key stops working in 23 h 12 min')).toBeInTheDocument()
    expect(notice).toHaveTextContent('(3 requests since rotation)')
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
    for (const name of ['Edit Key', 'Rotate Key', 'Revoke Key', 'View Usage', 'Try in Tester']) {
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
    for (const name of ['Edit Key', 'Rotate Key', 'Revoke Key', 'Try in Tester']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
    expect(screen.getByRole('button', { name: 'View Usage' })).toBeInTheDocument()
  })

  it('gives support staff read-only cards', () => {
    card(makeKey(), true)
    for (const name of ['Edit Key', 'Rotate Key', 'Revoke Key']) {
      expect(screen.queryByRole('button', { name })).toBeNull()
    }
    expect(screen.getByRole('button', { name: 'View Usage' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try in Tester' })).toBeInTheDocument()
  })
})
