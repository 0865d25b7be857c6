// What the rotate dialog and the key cards say about rotations: the grace
// choices in words, and the previous secrets that still work.
import type { Grace, Key, PreviousSecret } from '../../api/types.gen'
import { MAX_LIVE_PREVIOUS_SECRETS } from '../../api/types.gen'
import { formatNumber, relativeTime } from '../../lib/format'

export interface GraceChoice {
  value: Grace
  label: string
  /** Milliseconds the replaced secret keeps working. */
  ms: number
}

const hour = 3_600_000

/** The platform's grace choices, in the order the dialog offers them. */
export const GRACE_CHOICES: GraceChoice[] = [
  { value: 'now', label: 'Now', ms: 0 },
  { value: '1h', label: '1 hour', ms: hour },
  { value: '24h', label: '24 hours', ms: 24 * hour },
  { value: '3d', label: '3 days', ms: 72 * hour },
  { value: '7d', label: '7 days', ms: 168 * hour },
]

export const DEFAULT_GRACE: Grace = '24h'

/** Every previous secret of a rotation, newest first. A platform that
 *  predates per-secret deadlines sends only the single previous_* fields. */
export function previousSecrets(rot: Key['rotation']): PreviousSecret[] {
  if (!rot) return []
  if (rot.previous_secrets) return rot.previous_secrets
  return [
    {
      masked_key: rot.previous_masked_key,
      rotated_at: '',
      expires_at: rot.previous_expires_at,
      requests_since_rotation: rot.previous_requests,
      last_used: rot.previous_last_used,
    },
  ]
}

/** The previous secrets that still work at now, newest rotation first. */
export function livePreviousSecrets(rot: Key['rotation'], now: number): PreviousSecret[] {
  return previousSecrets(rot).filter((p) => new Date(p.expires_at).getTime() > now)
}

/** Whether another rotation with a grace would be refused (409 too_many_previous_secrets). */
export const atPreviousCap = (live: PreviousSecret[]) => live.length >= MAX_LIVE_PREVIOUS_SECRETS

/** The words for one previous secret's traffic since its rotation. */
export function oldKeyTraffic(p: PreviousSecret, now: number): string {
  if (p.requests_since_rotation > 0 && p.last_used) {
    return `Old key still in use — last request ${relativeTime(p.last_used, now)}`
  }
  return 'No traffic on the old key since rotation'
}

/** "14 requests since rotation". */
export function requestsSinceRotation(p: PreviousSecret): string {
  const n = p.requests_since_rotation
  return `${formatNumber(n)} ${n === 1 ? 'request' : 'requests'} since rotation`
}
