import { screen } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/errors'
import { keyFixture } from '../../test/keys'
import { renderUI, sessionFixture } from '../../test/render'
import DeveloperOverview from './OverviewPage'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
// inWindow: useRealContent tells the window when content is drawn; here a
// browser (jsdom) with no window to tell.
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()
const keys = [
  keyFixture({ key_id: 'k1', name: 'Backend', expires_at: inDays(2) }),
  keyFixture({ key_id: 'k2', name: 'Old one', status: 'revoked', masked_key: 'pm_live_zzz...0000' }),
]
const current = { plan: 'professional', used: 45, limit: 300, burst: 500, remaining: 455, pct: 15, reset_seconds: 42, live: true, at: null }

function backend(listKeys: () => Promise<unknown>) {
  call.mockImplementation(withGoAnswers(async (svc: string, method: string) => {
    if (svc === 'Keys' && method === 'List') return listKeys()
    if (svc === 'Usage' && method === 'Current') return current
    throw new Error(`unexpected ${svc}.${method}`)
  }))
}

// A fresh SWR cache per test: keys are never cached, not even between tests.
const fresh = (ui: React.ReactElement) => <SWRConfig value={{ provider: () => new Map() }}>{ui}</SWRConfig>

describe('DeveloperOverview', () => {
  it('shows the rate limit from the Usage service, active keys masked, and expiry warnings', async () => {
    backend(async () => ({ api_keys: keys, total: 2 }))
    renderUI(fresh(<DeveloperOverview />), { session: sessionFixture() })
    expect(await screen.findByText('45 / 300 (15%)')).toBeInTheDocument()
    expect(screen.getByText('Resets in 42 seconds')).toBeInTheDocument()
    expect(screen.getByTestId('rate-limit-indicator')).toHaveTextContent('Live')
    expect(await screen.findByText('"Backend" expires in 2 days')).toBeInTheDocument()
    const cards = screen.getAllByTestId('api-key-card')
    expect(cards).toHaveLength(1) // the revoked key is not an active key
    expect(cards[0]).toHaveTextContent('pm_live_a1b...o5p6')
    expect(screen.getByRole('button', { name: 'Create API Key' })).toBeInTheDocument()
  })

  it('hides Create API Key from support staff', async () => {
    backend(async () => ({ api_keys: keys, total: 2 }))
    renderUI(fresh(<DeveloperOverview />), {
      session: sessionFixture({ user: { id: 'u', email: 's@x', name: 'Sam Support', role: 'support' } }),
    })
    await screen.findByText('Backend')
    expect(screen.queryByRole('button', { name: 'Create API Key' })).not.toBeInTheDocument()
  })

  it('offline: says why the keys are missing and keeps the rest of the page', async () => {
    backend(async () => {
      throw new ApiError({ code: 'platform_unreachable', message: 'Cannot reach the PenguinMails platform. Check the connection and try again.' })
    })
    renderUI(fresh(<DeveloperOverview />), { session: sessionFixture({ online: false }) })
    expect(await screen.findByText(/Cannot reach the PenguinMails platform/)).toHaveTextContent(
      'Keys are never stored on this machine',
    )
    expect(screen.getByTestId('quick-start')).toBeInTheDocument()
    expect(screen.queryAllByTestId('api-key-card')).toHaveLength(0)
  })
})
