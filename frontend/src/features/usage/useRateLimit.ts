// The tenant's live rate-limit status for RateLimitIndicator (Overview and
// Usage share it).
import { useEffect, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { on } from '../../api/transport'
import { currentRateLimit, type RateLimitStatus } from './queries'
import type { Key } from '../../api/types.gen'
import type { RateLimitIndicatorProps } from './RateLimitIndicator'

/**
 * Rate-limit status for the indicator, from the Usage service: asked on
 * mount, again on every live tick, and every few seconds while the live
 * stream is down. Until the first answer, the keys' plan limits (every key
 * carries the tenant's limit and burst) give the limit with nothing used.
 */
export function useRateLimit(plan: string, keys: Key[] | undefined, online: boolean): { props: RateLimitIndicatorProps | null; error: string } {
  const [status, setStatus] = useState<RateLimitStatus | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    let alive = true
    let busy = false
    const load = () => {
      if (busy) return
      busy = true
      currentRateLimit()
        .then(
          (s) => {
            if (!alive) return
            setStatus(s)
            setError('')
          },
          (e) => alive && setError(errorMessage(e)),
        )
        .finally(() => {
          busy = false
        })
    }
    load()
    const off = on('live:tick', load)
    const id = setInterval(load, 5_000)
    return () => {
      alive = false
      off()
      clearInterval(id)
    }
  }, [])

  if (status && status.limit > 0) {
    return {
      props: {
        plan: status.plan || plan,
        used: status.used,
        limit: status.limit,
        burst: status.burst,
        resetSeconds: status.reset_seconds,
        live: status.live,
        refused: status.refused,
        // Offline there is no current figure: "—", never a made-up 0.
        unknown: !online,
      },
      error,
    }
  }
  const fromKey = keys?.find((k) => k.rate_limit > 0)
  if (fromKey) {
    return { props: { plan, used: 0, limit: fromKey.rate_limit, burst: fromKey.burst, resetSeconds: 0, unknown: !online }, error }
  }
  return { props: null, error }
}

