import { describe, expect, it } from 'vitest'
import { ageWords, whenLabel } from '../../lib/format'
import { rangePhrase, snapshotRangeLabel } from './words'

describe('usage words', () => {
  it('says how old data is', () => {
    expect(ageWords(10)).toBe('just now')
    expect(ageWords(60)).toBe('1 minute ago')
    expect(ageWords(3 * 3600 + 100)).toBe('3 hours ago')
    expect(ageWords(2 * 86400)).toBe('2 days ago')
  })
  it('names ranges', () => {
    expect(rangePhrase('24h')).toBe('in the last 24 hours')
    expect(snapshotRangeLabel('7d')).toBe('Last 7 Days')
    expect(snapshotRangeLabel('custom:0_3600')).toContain('–')
  })
  it('shows a clock time today and a date otherwise', () => {
    const now = new Date(2026, 10, 27, 17, 0).getTime()
    expect(whenLabel(new Date(2026, 10, 27, 14, 2).toISOString(), now)).toBe('14:02')
    expect(whenLabel(new Date(2026, 10, 25, 14, 2).toISOString(), now)).toMatch(/14:02/)
    expect(whenLabel(new Date(2026, 10, 25, 14, 2).toISOString(), now)).not.toBe('14:02')
  })
})
