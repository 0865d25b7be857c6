// Security recommendations: each rule, and the fix button that goes with it.
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen } from '@testing-library/react'
import { SecurityRecommendations } from './SecurityRecommendations'
import { securityRecommendations } from './recommendations'
import { makeKey, renderUI } from './testUtils'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString()

describe('securityRecommendations', () => {
  it('names an old, idle, unrestricted full-access live key that never expires', () => {
    const k = makeKey({ created_at: daysAgo(120), last_used: daysAgo(45), environment: 'live', permissions: ['full_access'], allowed_ips: [], expires_at: null, status: 'active' })
    const recs = securityRecommendations(k, NOW)
    expect(recs.map((r) => [r.id, r.fix])).toEqual([
      ['old', 'rotate'],
      ['unused', 'revoke'],
      ['unrestricted_full_access', 'edit_ips'],
      ['never_expires', 'edit_expiry'],
    ])
    expect(recs[0].text).toBe('This key is 120 days old. Rotate keys every 90 days.')
    expect(recs[1].text).toBe('Not used for 45 days. Revoke keys you no longer need.')
  })

  it('has nothing to say about a young, used, restricted key with an expiry', () => {
    const k = makeKey({ created_at: daysAgo(89), last_used: daysAgo(1), environment: 'live', permissions: ['full_access'], allowed_ips: ['203.0.113.4'], expires_at: daysAgo(-30), status: 'active' })
    expect(securityRecommendations(k, NOW)).toEqual([])
    // A test key with full access and no IP list is not the live risk.
    expect(securityRecommendations({ ...k, environment: 'test', allowed_ips: [] }, NOW)).toEqual([])
    // A key never used counts from its creation.
    expect(securityRecommendations({ ...k, last_used: null, created_at: daysAgo(31) }, NOW).map((r) => r.text)).toEqual(['Never used in 31 days. Revoke keys you no longer need.'])
    // Revoked keys get none.
    expect(securityRecommendations({ ...k, status: 'revoked', expires_at: null }, NOW)).toEqual([])
  })
})

describe('SecurityRecommendations', () => {
  it('offers each fix in one click, only to someone who may change the key', () => {
    const k = makeKey({ created_at: daysAgo(100), last_used: daysAgo(1), expires_at: null, status: 'active' })
    const onFix = vi.fn()
    const { unmount } = renderUI(<SecurityRecommendations keyItem={k} now={NOW} onFix={onFix} />)
    fireEvent.click(screen.getByRole('button', { name: 'Rotate Key' }))
    fireEvent.click(screen.getByRole('button', { name: 'Set expiry' }))
    expect(onFix.mock.calls).toEqual([['rotate'], ['edit_expiry']])
    unmount()
    renderUI(<SecurityRecommendations keyItem={k} now={NOW} />)
    expect(screen.getByText('This key never expires. Give it an expiry date.')).toBeInTheDocument()
    expect(screen.queryByRole('button')).toBeNull()
  })
})
