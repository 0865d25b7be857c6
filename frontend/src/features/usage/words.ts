// The words of the Usage screen's ranges, and the colour of a status.
import { shortDateTime } from '../../lib/format'
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
