import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from './App'
import { getSecret, rememberSecret } from './features/session/secretVault'
import { sessionFixture } from './test/render'

const call = vi.hoisted(() => vi.fn())
const handlers = vi.hoisted(() => new Map<string, (d: unknown) => void>())
vi.mock('./api/transport', () => ({
  call,
  inWindow: () => false,
  on: (name: string, cb: (d: unknown) => void) => {
    handlers.set(name, cb)
    return () => handlers.delete(name)
  },
  onLocal: (name: string, cb: () => void) => {
    handlers.set(name, cb)
    return () => handlers.delete(name)
  },
}))

const settings = { theme: 'light', log_level: 'info', api_url: 'http://127.0.0.1:8787', embedded: true, data_dir: '/tmp/pm', mode: 'serve' }

function backend(session: ReturnType<typeof sessionFixture>) {
  call.mockImplementation(async (svc: string, method: string) => {
    if (svc === 'Session' && method === 'State') return session
    if (svc === 'Settings' && method === 'Get') return settings
    if (svc === 'Keys' && method === 'List') return { api_keys: [], total: 0 }
    if (svc === 'Session' && method === 'SignOut') return null
    throw new Error(`unexpected call ${svc}.${method}`)
  })
}

describe('App', () => {
  beforeEach(() => {
    handlers.clear()
    location.hash = ''
  })

  it('shows sign-in when nobody is signed in', async () => {
    backend(sessionFixture({ signed_in: false, user: null, tenant: null, embedded: false }))
    render(<App />)
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(screen.getByLabelText(/Email/)).toBeInTheDocument()
    expect(screen.getByLabelText(/Password/)).toBeInTheDocument()
  })

  it('shows the shell with the six areas and the connection bar when signed in', async () => {
    backend(sessionFixture())
    render(<App />)
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    const labels = within(nav)
      .getAllByRole('button')
      .map((b) => b.textContent)
    expect(labels).toEqual(['Overview', 'API Keys', 'Docs & Tester', 'Usage', 'Logs', 'Alerts & Jobs', 'Settings'])
    const bar = screen.getByTestId('connection-bar')
    expect(bar).toHaveTextContent('Embedded sandbox')
    expect(bar).toHaveTextContent('http://127.0.0.1:8787')
    expect(bar).toHaveTextContent('Online')
    expect(bar).toHaveTextContent('Ada Admin')
    expect(bar).toHaveTextContent('Admin')
    expect(await screen.findByRole('heading', { name: 'Overview', level: 1 })).toBeInTheDocument()
  })

  it('follows session events: going offline, and signing out', async () => {
    backend(sessionFixture())
    render(<App />)
    await screen.findByTestId('connection-bar')
    act(() => handlers.get('session')!(sessionFixture({ online: false })))
    expect(await screen.findByText('Offline')).toBeInTheDocument()
    act(() => handlers.get('session')!(sessionFixture({ signed_in: false, user: null, tenant: null })))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('sends an expired session to sign-in, saying so', async () => {
    backend(sessionFixture())
    render(<App />)
    await screen.findByTestId('connection-bar')
    act(() => handlers.get('session')!(sessionFixture({ signed_in: false, user: null, tenant: null, embedded: false, expired: true })))
    expect(await screen.findByText('Your session expired. Sign in again.')).toBeInTheDocument()
    expect(screen.queryByTestId('connection-bar')).not.toBeInTheDocument()
  })

  it('wipes the secrets in memory when the user signs out or another user signs in', async () => {
    backend(sessionFixture())
    render(<App />)
    await screen.findByTestId('connection-bar')
    rememberSecret('key_1', 'pm_test_abcdefghijklmnop')
    act(() => handlers.get('session')!(sessionFixture({ user: { ...sessionFixture().user!, id: 'usr_support', role: 'support' } })))
    await screen.findByTestId('connection-bar')
    expect(getSecret('key_1')).toBeUndefined()
    rememberSecret('key_2', 'pm_test_qrstuvwxyz012345')
    act(() => handlers.get('session')!(sessionFixture({ signed_in: false, user: null, tenant: null })))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(getSecret('key_2')).toBeUndefined()
  })

  it('shows "Not encrypted" for a platform reached over plain HTTP', async () => {
    backend(sessionFixture({ insecure: true, embedded: false, api_url: 'http://platform.example' }))
    render(<App />)
    expect(await screen.findByTestId('not-encrypted')).toHaveTextContent('Not encrypted')
  })

  it('says so when the page loses its link to the console process, and recovers', async () => {
    backend(sessionFixture())
    render(<App />)
    await screen.findByTestId('connection-bar')
    act(() => handlers.get('bridge:closed')!(null))
    expect(await screen.findByText('Reconnecting to console…')).toBeInTheDocument()
    act(() => handlers.get('bridge:open')!(null))
    await vi.waitFor(() => expect(screen.queryByTestId('backend-down')).not.toBeInTheDocument())
  })

  it('navigates from the sidebar and signs out from Settings', async () => {
    backend(sessionFixture())
    render(<App />)
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    await userEvent.click(within(nav).getByRole('button', { name: 'Settings' }))
    // Settings is loaded on first use (lazy), which takes a moment on a busy machine.
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 }, { timeout: 15_000 })).toBeInTheDocument()
    expect(location.hash).toBe('#/settings')
    expect(await screen.findByDisplayValue('/tmp/pm')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(call).toHaveBeenCalledWith('Session', 'SignOut')
  })
})
