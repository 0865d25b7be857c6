// Small, shared formatting of dates and numbers, in the user's locale.

const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/**
 * The one number formatter, always with grouping ("44,952"). WebKitGTK in the
 * desktop window can run with a "C"/POSIX locale whose Intl groups nothing
 * ("44952"), so the user's locale is used only if it groups; otherwise
 * en-US, and if even that Intl is missing, grouping by hand.
 */
export function makeNumberFormat(locales?: string | string[]): (n: number) => string {
  const groups = (f: Intl.NumberFormat) => /\d\D\d{3}$/.test(f.format(44952))
  for (const loc of [locales, 'en-US']) {
    try {
      const f = new Intl.NumberFormat(loc, { useGrouping: true, maximumFractionDigits: 2 })
      if (groups(f)) return (n) => f.format(n)
    } catch {
      /* an unknown locale tag: try the next */
    }
  }
  return groupDigits
}

/** Grouping by hand, for an Intl that cannot: "1,234,567.5". */
export function groupDigits(n: number): string {
  const [int, frac] = (Math.round(n * 100) / 100).toString().split('.')
  const sign = int.startsWith('-') ? '-' : ''
  const digits = int.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return sign + digits + (frac ? `.${frac}` : '')
}

const numberFmt = makeNumberFormat()

const parse = (iso: string | null | undefined): Date | null => {
  if (!iso) return null
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1 ? null : d
}

export const formatDate = (iso: string | null | undefined, fallback = '—'): string => {
  const d = parse(iso)
  return d ? dateFmt.format(d) : fallback
}

export const formatDateTime = (iso: string | null | undefined, fallback = '—'): string => {
  const d = parse(iso)
  return d ? dateTimeFmt.format(d) : fallback
}

export const formatNumber = (n: number): string => numberFmt(n)

/** "3 min ago", "in 5 days", "just now". */
export function relativeTime(iso: string | null | undefined, now: number = Date.now(), fallback = 'Never'): string {
  const d = parse(iso)
  if (!d) return fallback
  const diff = d.getTime() - now
  const abs = Math.abs(diff)
  // Either side of now: a time stamped a moment ago can read as a little
  // ahead of a clock that ticks every few seconds.
  if (abs < 45_000) return 'just now'
  const units: [number, string][] = [
    [365 * 86_400_000, 'year'],
    [30 * 86_400_000, 'month'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'min'],
  ]
  for (const [ms, name] of units) {
    if (abs >= ms) {
      const v = Math.round(abs / ms)
      const label = name === 'min' ? 'min' : v === 1 ? name : `${name}s`
      return diff < 0 ? `${v} ${label} ago` : `in ${v} ${label}`
    }
  }
  return 'just now'
}

/** For a time that is due (a next run): "in under a minute" rather than
 *  "just now" when it is close, "in 5 min" further out. */
export function untilTime(iso: string | null | undefined, now: number = Date.now(), fallback = '—'): string {
  const d = parse(iso)
  if (!d) return fallback
  return d.getTime() - now < 45_000 ? 'in under a minute' : relativeTime(iso, now, fallback)
}

/** Whole days from now until iso (negative when past). */
export function daysUntil(iso: string | null | undefined, now: number = Date.now()): number | null {
  const d = parse(iso)
  return d ? (d.getTime() - now) / 86_400_000 : null
}

/** A percentage with at most one decimal, without a trailing ".0". */
export function formatPct(v: number): string {
  if (!Number.isFinite(v)) return '0'
  const r = Math.round(v * 10) / 10
  return Number.isInteger(r) ? String(r) : r.toFixed(1)
}
