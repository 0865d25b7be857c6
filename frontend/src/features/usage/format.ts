// Words and numbers of the Usage screen.
import type { UsageRange } from './queries'

export const RANGE_LABEL: Record<UsageRange, string> = {
  '1h': 'Last Hour',
  '24h': 'Last 24 Hours',
  '7d': 'Last 7 Days',
  '30d': 'Last 30 Days',
  custom: 'Custom',
}

/** "in the last 24 hours", "between Nov 3, 10:00 and Nov 4, 10:00". */
/** The range as a noun: "the last 7 days". */
export function rangeNoun(range: string, from?: string, to?: string): string {
  switch (range) {
    case '1h':
      return 'the last hour'
    case '24h':
      return 'the last 24 hours'
    case '7d':
      return 'the last 7 days'
    case '30d':
      return 'the last 30 days'
  }
  if (from && to) return `${shortDateTime(from)} – ${shortDateTime(to)}`
  return 'this range'
}

/** The range after a count: "in the last 7 days". */
export function rangePhrase(range: string, from?: string, to?: string): string {
  if (['1h', '24h', '7d', '30d'].includes(range)) return `in ${rangeNoun(range)}`
  if (from && to) return `between ${shortDateTime(from)} and ${shortDateTime(to)}`
  return 'in this range'
}

/** A snapshot's range as stored ("24h", "custom:1700000000_1700003600"). */
export function snapshotRangeLabel(range: string): string {
  if (range in RANGE_LABEL) return RANGE_LABEL[range as UsageRange]
  const m = /^custom:(\d+)_(\d+)$/.exec(range)
  if (m) return `${shortDateTime(new Date(+m[1] * 1000).toISOString())} – ${shortDateTime(new Date(+m[2] * 1000).toISOString())}`
  return range
}

export const clockTime = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

export const shortDateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "14:02" today, "Nov 26, 14:02" on another day. */
export function whenLabel(iso: string, now: number = Date.now()): string {
  const d = new Date(iso)
  return d.toDateString() === new Date(now).toDateString() ? clockTime(iso) : shortDateTime(iso)
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ageWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 45) return 'just now'
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'} ago`
  if (s < 3600) return unit(Math.max(1, Math.round(s / 60)), 'minute')
  if (s < 86400) return unit(Math.round(s / 3600), 'hour')
  return unit(Math.round(s / 86400), 'day')
}

export const pct = (v: number, digits = 1) => `${(Math.round(v * 10 ** digits) / 10 ** digits).toFixed(digits)}%`

export const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`)

export const statusColor = (s: number) => (s === 429 ? 'orange' : s >= 500 ? 'red' : s >= 400 ? 'yellow' : 'teal')
