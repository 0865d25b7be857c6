// Renders a component the way the console does: inside Mantine's provider
// with the console's theme, and with a navigation context tests can inspect.
import { MantineProvider } from '@mantine/core'
import { render, type RenderResult } from '@testing-library/react'
import type { ReactElement, ReactNode } from 'react'
import { vi } from 'vitest'
import { SessionContext } from '../features/session/useSession'
import type { SessionState } from '../features/session/queries'
import { NavContext, type Nav } from '../nav'
import { theme } from '../theme'

export interface RenderOptions {
  nav?: Partial<Nav>
  session?: SessionState
}

export function renderUI(ui: ReactElement, opts: RenderOptions = {}): RenderResult & { navigate: ReturnType<typeof vi.fn> } {
  const navigate = vi.fn()
  const nav: Nav = { page: 'overview', params: {}, navigate, ...opts.nav }
  // A wrapper (not a tree around ui) so rerender() keeps the providers.
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme} env="test">
      <SessionContext.Provider value={opts.session ?? null}>
        <NavContext.Provider value={nav}>{children}</NavContext.Provider>
      </SessionContext.Provider>
    </MantineProvider>
  )
  const result = render(ui, { wrapper })
  return { ...result, navigate }
}

export function sessionFixture(over: Partial<SessionState> = {}): SessionState {
  return {
    signed_in: true,
    user: { id: 'usr_1', email: 'ada@demo.penguinmails.test', name: 'Ada Admin', role: 'admin' },
    tenant: { id: 'ten_1', name: 'Demo Co', plan: 'professional' },
    api_url: 'http://127.0.0.1:8787',
    embedded: true,
    online: true,
    sudo_until: null,
    insecure: false,
    expired: false,
    expires_at: '2030-01-01T00:00:00Z',
    ...over,
  }
}
