// The sign-in state: asked once on load, then kept current by the Go side's
// 'session' events (sign-in, sign-out, online/offline, sudo). In a browser the
// bridge socket reconnecting means Go may have changed meanwhile: ask again.
import { createContext, useCallback, useContext, useEffect, useState } from 'react'
import { ApiError } from '../../api/errors'
import { sessionState, type SessionState } from './queries'
import { on, onLocal } from '../../api/transport'

export interface UseSession {
  state: SessionState | null
  /** Set when the console's own backend could not be asked at all. */
  error: ApiError | null
  /** Browser mode only: the bridge's event socket to Go is down (reconnecting). */
  backendDown: boolean
  refresh: () => Promise<void>
  setState: (s: SessionState) => void
}

export function useSession(): UseSession {
  const [state, setState] = useState<SessionState | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [backendDown, setBackendDown] = useState(false)

  const refresh = useCallback(async () => {
    try {
      setState(await sessionState())
      setError(null)
    } catch (e) {
      setError(ApiError.from(e))
    }
  }, [])

  useEffect(() => {
    void refresh()
    const offSession = on<SessionState>('session', (s) => {
      setState(s)
      setError(null)
    })
    const offOpen = on('bridge:open', () => {
      setBackendDown(false)
      void refresh()
    })
    const offClosed = on('bridge:closed', () => setBackendDown(true))
    // A call answered that the session ended: ask Go now.
    const offCheck = onLocal('session:check', () => void refresh())
    return () => {
      offCheck()
      offSession()
      offOpen()
      offClosed()
    }
  }, [refresh])

  return { state, error, backendDown, refresh, setState }
}

/** The signed-in session, provided by App to every screen of the shell. */
export const SessionContext = createContext<SessionState | null>(null)

/** The current session inside the shell (signed in: user, tenant, role, connection). */
export function useCurrentSession(): SessionState {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useCurrentSession is only available inside the signed-in shell')
  return s
}
