// The expiry choices of the create and edit forms, turned into the
// expires_at the platform expects.
import { endOfDay } from '../../lib/validate'

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
  if (choice === 'custom') return endOfDay(customDate).toISOString()
  return new Date(now.getTime() + Number(choice) * 86_400_000).toISOString()
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
