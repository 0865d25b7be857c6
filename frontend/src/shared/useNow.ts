// A clock that re-renders its user every `everyMs`, for countdowns.
import { useEffect, useState } from 'react'

export function useNow(everyMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!enabled) return
    setNow(Date.now())
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [everyMs, enabled])
  return now
}
