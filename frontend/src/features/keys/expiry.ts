// The expiry choices of the create and edit forms, turned into the
// expires_at the platform expects; and when an expiry is near enough to warn.
import type { Key } from '../../api/types.gen'
import { daysUntil } from '../../lib/format'

export type ExpiryChoice = 'never' | '30' | '90' | '365' | 'custom'

export const EXPIRY_OPTIONS: { value: ExpiryChoice; label: string }[] = [
  { value: 'never', label: 'Never' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '365 days' },
  { value: 'custom', label: 'Custom date' },
]

/** RFC 3339 expiry for a choice, or undefined for "never". */
export function expiresAt(choice: ExpiryChoice, customDate: string, now: Date = new Date()): string | undefined {
  if (choice === 'never') return undefined
  if (choice === 'custom') return customExpiry(customDate) || undefined
  return new Date(now.getTime() + Number(choice) * 86_400_000).toISOString()
}

/** The last second of a local calendar day, so "expires on 2027-01-31" covers that whole day. */
export function endOfDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(y, (m ?? 1) - 1, d ?? 1, 23, 59, 59)
}

/** The expires_at of a custom date for Go to check: '' when none is chosen (or it does not parse). */
export function customExpiry(date: string): string {
  const at = date ? endOfDay(date) : null
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : ''
}

/** Today as YYYY-MM-DD in local time, the min of the date input. */
export function todayISO(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

/** YYYY-MM-DD (local) of an RFC 3339 time, to prefill the edit form. */
export function dateOf(iso: string): string {
  return todayISO(new Date(iso))
}

/** How near an active key's expiry is worth a warning (SPEC: the Overview
 *  warns about keys that expire within 7 days): the Overview's warnings and
 *  its "Expiring soon" figure, and the key card's orange expiry date. */
export const EXPIRY_WARNING_DAYS = 7

/** Whether k is active and expires between now and EXPIRY_WARNING_DAYS from now. */
export function expiresSoon(k: Pick<Key, 'status' | 'expires_at'>, now: number = Date.now()): boolean {
  const d = daysUntil(k.expires_at, now)
  return k.status === 'active' && d !== null && d >= 0 && d <= EXPIRY_WARNING_DAYS
}
