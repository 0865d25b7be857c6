// The live usage stream as the UI sees it: the last few minutes of ticks
// (seeded from the Go side's buffer, then one per second over the events
// seam) and the subscription's state. Nothing here refetches usage.
import { useEffect, useState } from 'react'
import { on } from '../../api/transport'
import type { LiveMessage } from '../../api/types.gen'
import { liveRecent, liveState, type LiveState } from './queries'

export const LIVE_WINDOW = 300 // ticks kept: five minutes at one a second

export interface Live {
  ticks: LiveMessage[]
  last: LiveMessage | null
  state: LiveState
}

export function mergeTicks(prev: LiveMessage[], next: LiveMessage[]): LiveMessage[] {
  const seen = new Set(prev.map((m) => m.t))
  const out = prev.concat(next.filter((m) => !seen.has(m.t)))
  out.sort((a, b) => Date.parse(a.t) - Date.parse(b.t))
  return out.length > LIVE_WINDOW ? out.slice(out.length - LIVE_WINDOW) : out
}

export function useLive(): Live {
  const [ticks, setTicks] = useState<LiveMessage[]>([])
  const [state, setState] = useState<LiveState>({ state: 'offline', attempt: 0 })
  useEffect(() => {
    let alive = true
    const offTick = on<LiveMessage>('live:tick', (m) => {
      if (m?.type === 'tick') setTicks((p) => mergeTicks(p, [m]))
    })
    const offState = on<LiveState>('live:state', (s) => s && setState(s))
    liveRecent().then((r) => alive && setTicks((p) => mergeTicks(p, r ?? [])), () => {})
    liveState().then((s) => alive && setState(s), () => {})
    return () => {
      alive = false
      offTick()
      offState()
    }
  }, [])
  return { ticks, last: ticks.length ? ticks[ticks.length - 1] : null, state }
}
