// The one way the UI reaches Go. In the desktop window Wails injects
// window.go.app.<Service>.<Method> and window.runtime.EventsOn; in a browser
// (serve mode) the same services answer at /bridge/call/<Service>/<Method>
// and events arrive over the /bridge/events websocket. Pages never know which.
import { ApiError } from './errors'
import type { Services } from './types.gen'

type WailsFn = (...args: unknown[]) => Promise<unknown>
interface WailsWindow {
  go?: { app?: Record<string, Record<string, WailsFn>> }
  runtime?: { EventsOn: (name: string, cb: (...data: unknown[]) => void) => () => void }
}

const w = (typeof window !== 'undefined' ? window : {}) as unknown as WailsWindow

export const inWindow = (): boolean => !!w.go?.app

type Service = keyof Services
type Method<S extends Service> = keyof Services[S] & string
type Fn<S extends Service, M extends Method<S>> = Services[S][M] extends (...args: infer A) => infer R ? { args: A; result: R } : never

/** Calls a bound Go method; its arguments and answer are the Go signature's
 *  (api/types.gen.ts, generated from the bound services). */
export async function call<S extends Service, M extends Method<S>>(
  service: S,
  method: M,
  ...args: Fn<S, M>['args']
): Promise<Fn<S, M>['result']> {
  type T = Fn<S, M>['result']
  const fn = w.go?.app?.[service]?.[method]
  if (fn) {
    try {
      return (await fn(...args)) as T
    } catch (e) {
      throw sessionWatch(ApiError.from(e))
    }
  }
  const cred = await bridgeCredential()
  let res: Response
  try {
    res = await fetch(`/bridge/call/${service}/${method}`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', 'X-Console-Credential': cred ?? '' },
      body: JSON.stringify(args),
    })
  } catch {
    throw new ApiError({ code: 'console_unreachable', message: 'The console backend is not running.' })
  }
  const text = await res.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    throw new ApiError({ status: res.status, code: 'internal', message: text || res.statusText })
  }
  if (!res.ok) {
    const err = (body as { error?: unknown })?.error ?? body
    throw sessionWatch(ApiError.from(err ?? { code: 'internal', message: res.statusText }))
  }
  return (body as { result: T }).result
}

// An answer saying the session ended makes the UI ask Go for the session
// at once (Go's own 'session' event follows too).
const SESSION_ENDED = new Set(['session_expired', 'not_signed_in', 'unauthorized'])
function sessionWatch(e: ApiError): ApiError {
  if (e.status === 401 && SESSION_ENDED.has(e.code)) dispatch('session:check', null)
  return e
}

type Listener = (data: unknown) => void
const listeners = new Map<string, Set<Listener>>()
let socket: WebSocket | null = null
let retry = 0

function openSocket() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const cred = credentialNow()
  if (!cred) {
    // Not yet traded (or never: no token); try again once it is.
    void bridgeCredential().then((c) => c && !socket && openSocket())
    return
  }
  // A browser's WebSocket cannot send headers: the credential travels as a
  // second subprotocol; the server answers with 'pm-console' only.
  socket = new WebSocket(`${proto}//${location.host}/bridge/events`, ['pm-console', `pm-credential.${cred}`])
  socket.onopen = () => {
    retry = 0
    dispatch('bridge:open', null)
  }
  socket.onmessage = (m) => {
    try {
      const { name, data } = JSON.parse(m.data as string) as { name: string; data: unknown }
      dispatch(name, data)
    } catch {
      /* ignore malformed frames */
    }
  }
  socket.onclose = () => {
    socket = null
    if (!credentialNow()) return
    dispatch('bridge:closed', null)
    const delay = Math.min(10_000, 250 * 2 ** retry++) * (0.5 + Math.random() / 2)
    setTimeout(openSocket, delay)
  }
}

function dispatch(name: string, data: unknown) {
  listeners.get(name)?.forEach((cb) => cb(data))
}

/** Subscribes to a UI-only event (no bridge socket is opened for it). */
export function onLocal(name: string, cb: () => void): () => void {
  if (!listeners.has(name)) listeners.set(name, new Set())
  const l: Listener = () => cb()
  listeners.get(name)!.add(l)
  return () => listeners.get(name)?.delete(l)
}

// ---- the bridge credential (browser mode) ----
//
// The printed URL carries a one-time token (?token=…). The page trades it at
// once for the bridge credential and keeps that in sessionStorage: scoped to
// this origin — scheme, host and port — where a cookie would reach every port
// of the host. A reload keeps it; a new tab asks an open tab of the same
// origin for it (BroadcastChannel is same-origin too).
const CRED_KEY = 'pm_console_credential'
const CHANNEL = 'pm-console-credential'
let credential: Promise<string | null> | null = null
let known: string | null = null

function credentialNow(): string | null {
  return known
}

function keep(c: string) {
  known = c
  try {
    sessionStorage.setItem(CRED_KEY, c)
  } catch {
    /* storage disabled: memory only, a reload needs the link again */
  }
  answerOtherTabs()
}

let answering = false
function answerOtherTabs() {
  if (answering || typeof BroadcastChannel === 'undefined') return
  answering = true
  const ch = new BroadcastChannel(CHANNEL)
  ch.onmessage = (m) => {
    if ((m.data as { want?: boolean })?.want && known) ch.postMessage({ credential: known })
  }
}

function askOtherTabs(): Promise<string | null> {
  if (typeof BroadcastChannel === 'undefined') return Promise.resolve(null)
  return new Promise((resolve) => {
    const ch = new BroadcastChannel(CHANNEL)
    const done = (c: string | null) => {
      clearTimeout(timer)
      ch.close()
      resolve(c)
    }
    const timer = setTimeout(() => done(null), 400)
    ch.onmessage = (m) => {
      const c = (m.data as { credential?: string })?.credential
      if (c) done(c)
    }
    ch.postMessage({ want: true })
  })
}

async function obtainCredential(): Promise<string | null> {
  const params = new URLSearchParams(location.search)
  const token = params.get('token')
  if (token) {
    // The token leaves the address bar (and the history) at once.
    params.delete('token')
    const q = params.toString()
    history.replaceState(history.state, '', location.pathname + (q ? `?${q}` : '') + location.hash)
    try {
      const res = await fetch('/bridge/session', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
      })
      if (res.ok) {
        const { credential: c } = (await res.json()) as { credential: string }
        keep(c)
        return c
      }
    } catch {
      /* the console is not answering; fall back to what this tab kept */
    }
  }
  let kept: string | null = null
  try {
    kept = sessionStorage.getItem(CRED_KEY)
  } catch {
    /* storage disabled */
  }
  const c = kept ?? (await askOtherTabs())
  if (c) keep(c)
  return c
}

/** The bridge credential, traded from the URL's token on first use. */
export function bridgeCredential(): Promise<string | null> {
  if (!credential) credential = obtainCredential()
  return credential
}

/** Subscribes to a Go event; returns the unsubscribe function. */
export function on<T = unknown>(name: string, cb: (data: T) => void): () => void {
  const l = cb as Listener
  if (w.runtime?.EventsOn && w.go?.app) {
    return w.runtime.EventsOn(name, (...d: unknown[]) => l(d[0]))
  }
  if (!listeners.has(name)) listeners.set(name, new Set())
  listeners.get(name)!.add(l)
  if (!socket && typeof WebSocket !== 'undefined' && typeof location !== 'undefined') openSocket()
  return () => listeners.get(name)?.delete(l)
}
