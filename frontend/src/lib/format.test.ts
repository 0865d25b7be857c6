import { describe, expect, it } from 'vitest'
import {
  clockTime,
  dayMonth,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMs,
  formatNumber,
  formatPercent,
  groupDigits,
  localDateTime,
  makeNumberFormat,
  pickLocale,
  relativeTime,
  shortAgo,
  shortDateTime,
  timeOfDay,
  untilTime,
} from './format'

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
    expect(untilTime(at(50_000), now)).toBe('in under a minute')
    expect(untilTime(at(-3_000), now)).toBe('in under a minute')
    expect(untilTime(at(4 * 60_000), now)).toBe('in 4 min')
    expect(untilTime(null, now)).toBe('—')
  })
})

describe('pickLocale', () => {
  it('falls back to en-US when the window reports no locale, "C", "POSIX" or nonsense', () => {
    for (const lang of [undefined, null, '', '  ', 'C', 'c', 'POSIX', 'C.UTF-8', 'C.utf8', 'posix', 'not a locale!', 'zz-!!']) {
      expect(pickLocale(lang), String(lang)).toBe('en-US')
    }
  })
  it('keeps a real locale, also in its POSIX spelling', () => {
    expect(pickLocale('de-DE')).toBe('de-DE')
    expect(pickLocale('de_DE.UTF-8')).toBe('de-DE')
    expect(pickLocale('en-gb')).toBe('en-GB')
    expect(pickLocale('fr')).toBe('fr')
  })
  it('so a window with a "C" locale still groups: 44,952, not 44952', () => {
    expect(makeNumberFormat(pickLocale('C'))(44952)).toBe('44,952')
    expect(makeNumberFormat(pickLocale(''))(1234567)).toBe('1,234,567')
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

describe('durations, latencies, sizes and percentages', () => {
  it('writes a latency in whole ms, seconds from 1000, decimals below 10 ms only when asked', () => {
    expect(formatMs(41.4)).toBe('41 ms')
    expect(formatMs(3.456)).toBe('3 ms')
    expect(formatMs(3.456, 2)).toBe('3.46 ms')
    expect(formatMs(1.5, 1)).toBe('1.5 ms')
    expect(formatMs(1250)).toBe('1.25 s')
  })
  it('writes sizes, countdowns and percentages', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2.25 * 1024 * 1024)).toBe('2.25 MB')
    expect(formatDuration(6 * 86_400_000 + 23 * 3_600_000)).toBe('6 d 23 h')
    expect(formatDuration(12 * 60_000)).toBe('12 min')
    expect(formatDuration(45_000)).toBe('45 s')
    expect(formatPercent(99.54)).toBe('99.5%')
    expect(formatPercent(15, 0)).toBe('15%')
  })
  it('says how long ago in a list, and a calendar day without shifting it', () => {
    const now = Date.UTC(2026, 10, 29, 12, 0)
    expect(shortAgo(new Date(now - 30_000).toISOString(), now)).toBe('just now')
    expect(shortAgo(new Date(now - 5 * 60_000).toISOString(), now)).toBe('5 min ago')
    expect(shortAgo(new Date(now - 3 * 3_600_000).toISOString(), now)).toBe('3 h ago')
    expect(dayMonth('2026-11-01')).toMatch(/1/)
    expect(dayMonth('2026-11-01')).toBe(dayMonth(new Date(2026, 10, 1)))
  })
})

describe('times of day', () => {
  it('are on the 24-hour clock on every screen, whatever the locale habit', () => {
    const afternoon = new Date(2026, 10, 29, 13, 5, 9).toISOString()
    for (const s of [clockTime(afternoon), shortDateTime(afternoon, true), timeOfDay(afternoon), localDateTime(afternoon), formatDateTime(afternoon)]) {
      expect(s).toMatch(/13:05/)
      expect(s).not.toMatch(/AM|PM/i)
    }
  })
})
