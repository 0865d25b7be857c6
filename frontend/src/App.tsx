// The console: asks Go for the session, shows sign-in or the shell, and keeps
// the theme the user chose in Settings.
import { Alert, Button, Center, Loader, MantineProvider, Stack, Text, useMantineColorScheme } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { IconPlugConnectedX } from '@tabler/icons-react'
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react'
import { SWRConfig } from 'swr'
import { vaultOwner } from './features/session/secretVault'
import { signOut, type SessionState } from './features/session/queries'
import { drawn, painted } from './api/window'
import { firstScreenSettled } from './shared/useRealContent'
import { getSettings } from './features/settings/queries'
import AboutDialog from './features/settings/AboutDialog'
import AppShellLayout from './features/shell/AppShellLayout'
import ConsoleCommands from './features/shell/ConsoleCommands'
import ErrorBoundary from './shared/ErrorBoundary'
import { resetTesterState } from './features/tester/testerStore'
import { LogoMark } from './shared/Logo'
import { SessionContext, useSession } from './features/session/useSession'
import { draftOwner, scrubDrafts } from './lib/drafts'
import { NavContext, type Nav, type NavParams, type Page } from './nav'
import OverviewPage from './features/overview/OverviewPage'
import SignInPage from './features/session/SignInPage'
import { cssVariablesResolver, theme } from './theme'

// Overview is the first thing on screen and ships in the main bundle; the
// other screens (CodeMirror, uPlot, httpsnippet…) load when first opened, so
// the window shows real content fast (SPEC §6: < 1 s).
const PAGES: Record<Page, ComponentType> = {
  overview: OverviewPage,
  keys: lazy(() => import('./features/keys/ApiKeysPage')),
  docs: lazy(() => import('./features/docs/DocsTesterPage')),
  usage: lazy(() => import('./features/usage/UsagePage')),
  logs: lazy(() => import('./features/logs/LogsPage')),
  alerts: lazy(() => import('./features/alerts-jobs/AlertsJobsPage')),
  settings: lazy(() => import('./features/settings/SettingsPage')),
}

// Navigation lives in the URL's hash (#/keys?key_id=…), so reloading keeps the
// screen and the browser's back button works in serve mode.
function readHash(): { page: Page; params: NavParams } {
  const raw = typeof location === 'undefined' ? '' : location.hash.replace(/^#\/?/, '')
  const [name, query = ''] = raw.split('?')
  const page = (name in PAGES ? name : 'overview') as Page
  return { page, params: Object.fromEntries(new URLSearchParams(query)) }
}

function writeHash(page: Page, params: NavParams) {
  const q = new URLSearchParams(params).toString()
  const next = `#/${page}${q ? `?${q}` : ''}`
  if (location.hash !== next) location.hash = next
}

function useHashNav(): Nav {
  const [loc, setLoc] = useState(readHash)
  useEffect(() => {
    const onHash = () => setLoc(readHash())
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  const navigate = useCallback((page: Page, params: NavParams = {}) => {
    setLoc({ page, params })
    writeHash(page, params)
  }, [])
  // Each screen opens at its top: the window's scroll belongs to the screen
  // that was left (Alerts scrolled by 480 px opened Settings 480 px down).
  useEffect(() => {
    window.scrollTo?.(0, 0)
  }, [loc.page])
  return useMemo(() => ({ ...loc, navigate }), [loc, navigate])
}

/** Applies the theme stored in Settings (light | dark | auto) once at start. */
function useStoredTheme() {
  const { setColorScheme } = useMantineColorScheme()
  useEffect(() => {
    getSettings().then(
      (s) => setColorScheme(s.theme),
      () => {
        /* keep the last theme this browser/window used */
      },
    )
  }, [setColorScheme])
}

function Splash() {
  return (
    <Center mih="100vh">
      <Stack align="center" gap="md">
        <LogoMark size={48} />
        <Loader size="sm" type="dots" />
      </Stack>
    </Center>
  )
}

/** Who is signed in, as the owner of secrets, drafts and cached data. */
function userKey(s: SessionState): string | null {
  return s.signed_in && s.user ? `${s.api_url}|${s.tenant?.id ?? ''}|${s.user.id}` : null
}

/**
 * Hands the vault and the drafts to whoever is signed in now, while
 * rendering, before any screen reads them: secrets end with the session
 * (sign-out, expiry, another user); drafts survive an expiry for the same
 * user only.
 */
function ownership(s: SessionState) {
  const user = userKey(s)
  vaultOwner(user)
  if (user) draftOwner(user)
  else if (!s.expired) draftOwner(null)
  else scrubDrafts()
}

/** The window starts hidden and shows once real content is drawn, so it
 *  never shows an empty frame: with the content committed, the window is
 *  mapped out of sight (a hidden page draws nothing and gets no animation
 *  frames); the frame after the next one has been drawn, and the window
 *  moves into place. On the Overview it first waits for the screen to
 *  settle (its keys or its error in the page, or SCREEN_WAIT_MS at most),
 *  so the first frame drawn is the screen. Painted is not called from a
 *  timer: WebKit throttles the timers of a hidden page to about one a
 *  second, so a setTimeout(0) cost up to a second before the window was
 *  even mapped (the fallback wait may take that second, on purpose). */
function usePaintedWhen(ready: boolean, waitForScreen: boolean) {
  useEffect(() => {
    if (!ready) return
    let frame = 0
    let live = true
    const show = () => {
      if (!live) return
      void painted().catch(() => {})
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => void drawn().catch(() => {}))
      })
    }
    if (waitForScreen) void Promise.race([firstScreenSettled, new Promise((r) => setTimeout(r, SCREEN_WAIT_MS))]).then(show)
    else show()
    return () => {
      live = false
      cancelAnimationFrame(frame)
    }
  }, [ready, waitForScreen])
}

/** How long the hidden window waits for the first screen's data before it
 *  is drawn anyway (a slow platform: the screen shows its skeletons). */
const SCREEN_WAIT_MS = 500

function Console() {
  const { state, error, backendDown, refresh, setState } = useSession()
  const nav = useHashNav()
  useStoredTheme()
  if (state) ownership(state)
  usePaintedWhen(!!state || !!error, !!state?.signed_in && nav.page === 'overview')

  if (!state) {
    if (!error) return <Splash />
    return (
      <Center mih="100vh" p="md">
        <Alert maw={460} color="red" icon={<IconPlugConnectedX size={20} />} title="The console cannot start">
          <Stack gap="sm">
            <Text size="sm">{error.message}</Text>
            <div>
              <Button size="xs" variant="light" color="red" onClick={() => void refresh()}>
                Try again
              </Button>
            </div>
          </Stack>
        </Alert>
      </Center>
    )
  }

  if (!state.signed_in) return <SignInPage state={state} onSignedIn={setState} />

  const Screen = PAGES[nav.page]
  const onSignOut = () => {
    resetTesterState() // the tester's kept draft may hold a pasted secret
    signOut().then(refresh, refresh)
  }
  // Each user gets a fresh data cache: nothing fetched for one user is shown
  // to the next.
  return (
    <SWRConfig key={userKey(state) ?? ''} value={{ provider: () => new Map() }}>
      <SessionContext.Provider value={state}>
        <NavContext.Provider value={nav}>
          <ConsoleCommands />
          <AppShellLayout state={state} backendDown={backendDown} onSignOut={onSignOut}>
            <ErrorBoundary resetKey={nav.page}>
              <Suspense
                fallback={
                  <Center h={240}>
                    <Loader size="sm" type="dots" />
                  </Center>
                }
              >
                <Screen />
              </Suspense>
            </ErrorBoundary>
          </AppShellLayout>
        </NavContext.Provider>
      </SessionContext.Provider>
    </SWRConfig>
  )
}

export default function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <AboutDialog />
      <Console />
    </MantineProvider>
  )
}
