// The one formatting module: numbers (always grouped), dates and times,
// ages and durations, latencies, percentages and sizes, in the user's locale.
// Screens format through these, never with Intl or toLocale* of their own.

/**
 * The locale to format in: the browser's, unless it is missing, a "C" or
 * "POSIX" placeholder, or not a locale Intl knows. WebKitGTK in the desktop
 * window reports what the process's environment says, which can be "C" or
 * empty, and Intl without a real locale groups nothing ("44952"); en-US
 * is the fallback then. A POSIX-style "de_DE.UTF-8" is read as de-DE.
 */
export function pickLocale(lang: string | null | undefined): string {
  const tag = (lang ?? '').trim().replace(/[.@].*$/, '').replace(/_/g, '-')
  if (!tag || /^(c|posix)(-|$)/i.test(tag)) return 'en-US'
  try {
    const [canonical] = Intl.getCanonicalLocales(tag)
    return canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0 ? canonical : 'en-US'
  } catch {
    return 'en-US'
  }
}

/** The locale every formatter here uses. */
export const LOCALE = pickLocale(typeof navigator === 'undefined' ? undefined : navigator.language)

const dateFmt = new Intl.DateTimeFormat(LOCALE, { year: 'numeric', month: 'short', day: 'numeric' })
const dateTimeFmt = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
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

const numberFmt = makeNumberFormat(LOCALE)

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
  // Under a minute ahead (or just due) it is "in under a minute"; from 45 s
  // relativeTime would say "just now", which reads as past.
  return d.getTime() - now < 60_000 ? 'in under a minute' : relativeTime(iso, now, fallback)
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

// ---- times of day and short dates ----
// Every time the console shows is on the 24-hour clock, whatever the locale's
// habit, so a request's time reads the same in the Logs table, its drawer,
// the Audit and Usage (a log is read across screens); the locale still
// decides the order and the names of the date's parts.

const clockFmt = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const clockSecFmt = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const shortFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const shortSecFmt = new Intl.DateTimeFormat(LOCALE, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})
const timeOfDayFmt = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const dayMonthFmt = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric' })
const localDateFmt = new Intl.DateTimeFormat(LOCALE)
// the locale's numeric date with the time to the second
const localDateTimeFmt = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** "14:02", or "14:02:05" with seconds. */
export const clockTime = (t: string | Date, seconds = false) => (seconds ? clockSecFmt : clockFmt).format(new Date(t))

/** "Nov 26, 14:02", or "Nov 26, 14:02:05" with seconds. */
export const shortDateTime = (t: string | Date, seconds = false) => (seconds ? shortSecFmt : shortFmt).format(new Date(t))

/** "14:02" today, "Nov 26, 14:02" on another day. */
export function whenLabel(iso: string, now: number = Date.now()): string {
  const d = new Date(iso)
  return d.toDateString() === new Date(now).toDateString() ? clockTime(iso) : shortDateTime(iso)
}

/** The time of day with seconds: "14:02:05". */
export const timeOfDay = (iso: string) => timeOfDayFmt.format(new Date(iso))

/** "Nov 26": a Date, or a calendar day "2026-11-26" (read as that local day, no time zone shift). */
export function dayMonth(day: string | Date): string {
  if (day instanceof Date) return dayMonthFmt.format(day)
  const [y, m, d] = day.split('-').map(Number)
  return dayMonthFmt.format(new Date(y, m - 1, d))
}

/** The date in the locale's numeric form and the time to the second: "11/29/2026, 14:02:05". */
export const localDateTime = (iso: string) => localDateTimeFmt.format(new Date(iso))

// ---- ages and durations ----

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ageWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 45) return 'just now'
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'} ago`
  if (s < 3600) return unit(Math.max(1, Math.round(s / 60)), 'minute')
  if (s < 86400) return unit(Math.round(s / 3600), 'hour')
  return unit(Math.round(s / 86400), 'day')
}

/** A compact age for a list: "just now", "5 min ago", "3 h ago", then the date. */
export function shortAgo(iso: string, now: number = Date.now()): string {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000)
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`
  return localDateFmt.format(new Date(iso))
}

/** "6 d 23 h", "23 h 12 min", "12 min", "45 s" — for the grace countdown and the sudo badge. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 min'
  const totalMin = Math.floor(ms / 60_000)
  const h = Math.floor(totalMin / 60)
  const m = totalMin % 60
  if (h >= 24) return `${Math.floor(h / 24)} d ${h % 24} h`
  if (h > 0) return `${h} h ${m} min`
  if (totalMin > 0) return `${totalMin} min`
  return `${Math.ceil(ms / 1000)} s`
}

/** A latency: "41 ms", "1.25 s"; under 10 ms with `digits` decimals ("3.42 ms"). */
export function formatMs(ms: number, digits = 0): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms < 10 && digits > 0) return `${ms.toFixed(digits)} ms`
  return `${Math.round(ms)} ms`
}

// ---- percentages and sizes ----

/** A percentage with a fixed number of decimals and the sign: "99.5%". */
export const formatPercent = (v: number, digits = 1) => `${(Math.round(v * 10 ** digits) / 10 ** digits).toFixed(digits)}%`

/** "512 B", "1.5 KB", "2.25 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(2)} MB`
}

const compactFmt = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 })

/** "1.2K", "45M": for chart axes. */
export const formatCompact = (n: number) => compactFmt.format(n)
