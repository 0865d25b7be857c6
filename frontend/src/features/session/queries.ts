// Session: sign-in state, sign in/out and sudo (app/session.go).
import { call } from '../../api/transport'
export type { SessionState, DemoAccess, SudoState } from '../../api/types.gen'

export const sessionState = () => call('Session', 'State')
export const signIn = (email: string, password: string) => call('Session', 'SignIn', email, password)
export const signOut = () => call('Session', 'SignOut')
export const sudo = (password: string) => call('Session', 'Sudo', password)
export const sudoStatus = () => call('Session', 'SudoStatus')
