// Sudo mode (SPEC §2.2): sensitive key actions need a fresh password. useSudo
// runs an action; when the platform answers sudo_required it opens the
// password dialog, confirms the password with Session.Sudo, and retries the
// action once. The token is held by the Go side for its 15 minutes, so later
// actions go straight through; the hook only mirrors its expiry for the badge.
import { useCallback, useEffect, useRef, useState } from 'react'
import { on } from '../../api/transport'
import { sudo, sudoStatus, type SudoState } from './queries'
import { ApiError } from '../../api/errors'

export type { SudoState } from './queries'

/** Thrown (and swallowed by callers) when the user closes the password dialog. */
export class SudoCancelled extends Error {
  constructor() {
    super('Cancelled')
    this.name = 'SudoCancelled'
  }
}

export const isSudoCancelled = (e: unknown): e is SudoCancelled => e instanceof SudoCancelled

interface Pending {
  resolve: () => void
  reject: (e: unknown) => void
}

export interface SudoDialogState {
  opened: boolean
  busy: boolean
  error: string | null
  onConfirm: (password: string) => void
  onCancel: () => void
}

export interface UseSudo {
  /** Runs action, asking for the password first if the platform wants it. */
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  state: SudoState
  dialog: SudoDialogState
}

export function useSudo(): UseSudo {
  const [state, setState] = useState<SudoState>({ active: false, expires_at: null })
  const [opened, setOpened] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pending = useRef<Pending | null>(null)

  const refresh = useCallback(() => {
    sudoStatus()
      .then((s) => setState({ active: !!s?.active, expires_at: s?.expires_at ?? null }))
      .catch(() => setState({ active: false, expires_at: null }))
  }, [])

  useEffect(() => {
    refresh()
    // The session event carries sudo_until whenever the Go side gains or drops a token.
    const off = on<{ sudo_until?: string | null }>('session', (st) => {
      const until = st?.sudo_until ?? null
      setState({ active: !!until && new Date(until).getTime() > Date.now(), expires_at: until })
    })
    return off
  }, [refresh])

  // Expire the badge on time even if no event arrives.
  useEffect(() => {
    if (!state.active || !state.expires_at) return
    const left = new Date(state.expires_at).getTime() - Date.now()
    const t = setTimeout(() => setState({ active: false, expires_at: null }), Math.max(0, left))
    return () => clearTimeout(t)
  }, [state])

  const askPassword = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject }
        setError(null)
        setOpened(true)
      }),
    [],
  )

  const withSudo = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T> => {
      try {
        return await action()
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'sudo_required') throw e
        setState({ active: false, expires_at: null })
      }
      await askPassword()
      return action()
    },
    [askPassword],
  )

  const onConfirm = useCallback((password: string) => {
    setBusy(true)
    setError(null)
    sudo(password)
      .then((s) => {
        setState({ active: !!s?.active, expires_at: s?.expires_at ?? null })
        setOpened(false)
        const p = pending.current
        pending.current = null
        p?.resolve()
      })
      .catch((e) => setError(ApiError.from(e).message))
      .finally(() => setBusy(false))
  }, [])

  const onCancel = useCallback(() => {
    setOpened(false)
    setError(null)
    const p = pending.current
    pending.current = null
    p?.reject(new SudoCancelled())
  }, [])

  return { withSudo, state, dialog: { opened, busy, error, onConfirm, onCancel } }
}
