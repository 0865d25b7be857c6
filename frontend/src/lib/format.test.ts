import { describe, expect, it } from 'vitest'
import { formatNumber, groupDigits, makeNumberFormat, relativeTime, untilTime } from './format'

describe('relativeTime', () => {
  const now = Date.parse('2026-11-27T09:00:00Z')
  const at = (ms: number) => new Date(now + ms).toISOString()

  it('says past and future apart; a moment either side of now is just now', () => {
    expect(relativeTime(at(-10_000), now)).toBe('just now')
    // A last run stamped a moment ago reads as ahead of a clock ticking every few seconds.
    expect(relativeTime(at(5_000), now)).toBe('just now')
    expect(relativeTime(at(-3 * 60_000), now)).toBe('3 min ago')
    expect(relativeTime(at(11 * 60_000), now)).toBe('in 11 min')
    expect(relativeTime(at(2 * 86_400_000), now)).toBe('in 2 days')
    expect(relativeTime(null, now)).toBe('Never')
  })

  it('a due time close by is "in under a minute", never "just now"', () => {
    expect(untilTime(at(20_000), now)).toBe('in under a minute')
    expect(untilTime(at(-3_000), now)).toBe('in under a minute')
    expect(untilTime(at(4 * 60_000), now)).toBe('in 4 min')
    expect(untilTime(null, now)).toBe('—')
  })
})

describe('makeNumberFormat', () => {
  it('groups thousands whatever the locale Intl gives (WebKitGTK may give one that groups nothing)', () => {
    expect(makeNumberFormat('en-US')(44952)).toBe('44,952')
    expect(groupDigits(1234567.5)).toBe('1,234,567.5')
    expect(groupDigits(-44952)).toBe('-44,952')
    expect(groupDigits(999)).toBe('999')
    expect(makeNumberFormat('not a locale!')(44952)).toBe('44,952')
    expect(formatNumber(44952)).toMatch(/^44\D952$/)
  })
})
