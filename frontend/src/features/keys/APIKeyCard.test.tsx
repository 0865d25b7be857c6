import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { keyFixture } from '../../test/keys'
import { renderUI } from '../../test/render'
import APIKeyCard from './APIKeyCard'
import { makeRotation } from './testUtils'

const statusBadge = () => screen.getByTestId('api-key-card').querySelector('[data-status]')

describe('APIKeyCard', () => {
  it('shows the masked key in monospace and never anything longer', () => {
    renderUI(<APIKeyCard keyItem={keyFixture()} />)
    const masked = screen.getByTestId('masked-key')
    expect(masked).toHaveTextContent('pm_live_a1b...o5p6')
    expect(masked.tagName).toBe('CODE')
    expect(screen.getByTestId('api-key-card').textContent).not.toMatch(/pm_live_[A-Za-z0-9_-]{12,}/)
  })

  it('shows name, environment, created, creator, requests and error rate', () => {
    renderUI(<APIKeyCard keyItem={keyFixture()} />)
    const card = screen.getByTestId('api-key-card')
    expect(within(card).getByText('Production backend')).toBeInTheDocument()
    expect(within(card).getByText('Live')).toBeInTheDocument()
    expect(within(card).getByText('ada@demo.penguinmails.test')).toBeInTheDocument()
    expect(within(card).getByText('1,600')).toBeInTheDocument()
    // 40 errors in 1,600 requests
    expect(within(card).getByText('2.5%')).toBeInTheDocument()
    expect(within(card).getAllByText('Never')).toHaveLength(2) // last used and expires
  })

  it('shows no error rate before the first request', () => {
    renderUI(<APIKeyCard keyItem={keyFixture({ request_count: 0, error_count: 0 })} />)
    const rate = screen.getByText('Error rate').nextElementSibling
    expect(rate).toHaveTextContent('—')
  })

  it.each([
    ['Active', 'green', { status: 'active' as const }],
    ['Revoked', 'red', { status: 'revoked' as const, revoked_at: '2026-11-01T00:00:00Z' }],
    ['Expired', 'gray', { status: 'expired' as const, expires_at: '2026-11-01T00:00:00Z' }],
    [
      'Rotating',
      'yellow',
      {
        status: 'active' as const,
        rotation: makeRotation({ masked_key: 'pm_live_zzz...9999', expires_at: '2030-01-02T00:00:00Z' }),
      },
    ],
  ])('shows status %s as a %s badge', (label, color, over) => {
    renderUI(<APIKeyCard keyItem={keyFixture(over)} />)
    const badge = statusBadge()!
    expect(badge).toHaveTextContent(label)
    expect(badge.getAttribute('style') ?? '').toContain(`--badge-color: var(--mantine-color-${color}-light-color)`)
  })

  it('collapses permissions after four and expands on demand', async () => {
    const perms = ['send_email', 'send_bulk_email', 'read_campaigns', 'write_campaigns', 'read_contacts', 'export_data']
    renderUI(<APIKeyCard keyItem={keyFixture({ permissions: perms })} />)
    expect(screen.getByText('send_email')).toBeInTheDocument()
    expect(screen.getByText('write_campaigns')).toBeInTheDocument()
    expect(screen.queryByText('read_contacts')).not.toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: '+2 more' }))
    expect(screen.getByText('read_contacts')).toBeInTheDocument()
    expect(screen.getByText('export_data')).toBeInTheDocument()
  })

  it('renders actions and extra content from the caller', () => {
    renderUI(<APIKeyCard keyItem={keyFixture()} actions={<button>Rotate Key</button>} extra={<p>details here</p>} />)
    expect(screen.getByRole('button', { name: 'Rotate Key' })).toBeInTheDocument()
    expect(screen.getByText('details here')).toBeInTheDocument()
  })

  it('compact form leaves out creation details', () => {
    renderUI(<APIKeyCard keyItem={keyFixture()} compact />)
    expect(screen.queryByText('Created by')).not.toBeInTheDocument()
    expect(screen.getByText('Error rate')).toBeInTheDocument()
  })
})
