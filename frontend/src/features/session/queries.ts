// Session: sign-in state, sign in/out and sudo (app/session.go).
import { call } from '../../api/transport'
import type { Tenant, User } from '../../api/types'

export interface SessionState {
  signed_in: boolean
  user: User | null
  tenant: Tenant | null
  api_url: string
  embedded: boolean
  online: boolean
  sudo_until: string | null
  expires_at: string | null
  /** The platform is reached over plain HTTP beyond this machine (--insecure-http). */
  insecure?: boolean
  /** The last session ended by itself (expired or refused), not by signing out. */
  expired?: boolean
  /** Only with the embedded platform: its demo sign-ins. */
  demo?: DemoAccess | null
}

export interface DemoAccess {
  password: string
  users: { email: string; role: User['role'] }[]
}

export interface SudoState {
  active: boolean
  expires_at: string | null
}

export const sessionState = () => call<SessionState>('Session', 'State')
export const signIn = (email: string, password: string) => call<SessionState>('Session', 'SignIn', email, password)
export const signOut = () => call<void>('Session', 'SignOut')
export const sudo = (password: string) => call<SudoState>('Session', 'Sudo', password)
export const sudoStatus = () => call<SudoState>('Session', 'SudoStatus')
