// The one way the UI reaches Go. In the desktop window Wails injects
// window.go.app.<Service>.<Method> and window.runtime.EventsOn; in a browser
// (serve mode) the same services answer at /bridge/call/<Service>/<Method>
// and events arrive over the /bridge/events websocket. Pages never know which.
import { ApiError } from './errors'

type WailsFn = (...args: unknown[]) => Promise<unknown>
interface WailsWindow {
  go?: { app?: Record<string, Record<string, WailsFn>> }
  runtime?: { EventsOn: (name: string, cb: (...data: unknown[]) => void) => () => void }
}

const w = (typeof window !== 'undefined' ? window : {}) as unknown as WailsWindow

export const inWindow = (): boolean => !!w.go?.app

export async function call<T>(service: string, method: string, ...args: unknown[]): Promise<T> {
  const fn = w.go?.app?.[service]?.[method]
  if (fn) {
    try {
      return (await fn(...args)) as T
    } catch (e) {
      throw ApiError.from(e)
    }
  }
  let res: Response
  try {
    res = await fetch(`/bridge/call/${service}/${method}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
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
    throw ApiError.from(err ?? { code: 'internal', message: res.statusText })
  }
  return (body as { result: T }).result
}

type Listener = (data: unknown) => void
const listeners = new Map<string, Set<Listener>>()
let socket: WebSocket | null = null
let retry = 0

function openSocket() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  socket = new WebSocket(`${proto}//${location.host}/bridge/events`)
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
    dispatch('bridge:closed', null)
    const delay = Math.min(10_000, 250 * 2 ** retry++) * (0.5 + Math.random() / 2)
    setTimeout(openSocket, delay)
  }
}

function dispatch(name: string, data: unknown) {
  listeners.get(name)?.forEach((cb) => cb(data))
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
