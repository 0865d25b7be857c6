import { describe, expect, it } from 'vitest'
import { relativeTime } from './format'

describe('relativeTime', () => {
  const now = Date.parse('2026-11-27T09:00:00Z')
  const at = (ms: number) => new Date(now + ms).toISOString()

  it('says past and future apart, also within the first minute', () => {
    expect(relativeTime(at(-10_000), now)).toBe('just now')
    expect(relativeTime(at(20_000), now)).toBe('in under a minute')
    expect(relativeTime(at(-3 * 60_000), now)).toBe('3 min ago')
    expect(relativeTime(at(11 * 60_000), now)).toBe('in 11 min')
    expect(relativeTime(at(2 * 86_400_000), now)).toBe('in 2 days')
    expect(relativeTime(null, now)).toBe('Never')
  })
})
