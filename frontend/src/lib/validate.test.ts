import { describe, expect, it } from 'vitest'
import { MSG_EXPIRY_PAST, MSG_NAME, MSG_NAME_CHARS, MSG_PERMISSIONS, splitAllowList, validateAllowList, validateExpiryDate, validateIPEntry, validateName, validatePermissions } from './validate'

describe('validateName', () => {
  it.each([
    ['Production server', null],
    ['a', null],
    ['ci_key-2', null],
    ['Clé de test', MSG_NAME_CHARS],
    ['x'.repeat(50), null],
    ['', MSG_NAME],
    ['   ', MSG_NAME],
    ['x'.repeat(51), MSG_NAME],
    ['bad/name', MSG_NAME_CHARS],
    ['key!', MSG_NAME_CHARS],
  ])('%j → %j', (name, want) => {
    expect(validateName(name)).toBe(want)
  })
})

describe('validatePermissions', () => {
  it('asks for at least one', () => {
    expect(validatePermissions([])).toBe(MSG_PERMISSIONS)
    expect(validatePermissions(['send_email'])).toBeNull()
  })
})

describe('validateIPEntry', () => {
  it.each(['203.0.113.0/24', '198.51.100.5', '0.0.0.0/0', '10.0.0.1/32', '::1', '2001:db8::/32', 'fe80::1', '::ffff:192.0.2.1', '2001:db8:0:0:0:0:0:1/128'])(
    'accepts %s',
    (e) => expect(validateIPEntry(e)).toBeNull(),
  )
  it.each([
    ['203.0.113.0/33', 'invalid prefix length'],
    ['256.1.1.1', 'not a valid IP'],
    ['10.0.0', 'not a valid IP'],
    ['01.2.3.4', 'not a valid IP'],
    ['example.com', 'not a valid IP'],
    ['2001:db8::/129', 'invalid prefix length'],
    ['1::2::3', 'not a valid IP'],
    ['10.0.0.1/', 'invalid prefix length'],
  ])('refuses %s and names it', (e, words) => {
    const p = validateIPEntry(e)
    expect(p).toContain(`"${e}"`)
    expect(p).toContain(words)
  })
})

describe('allow lists', () => {
  it('splits on lines, commas and spaces', () => {
    expect(splitAllowList('203.0.113.0/24\n 198.51.100.5, ::1\n\n')).toEqual(['203.0.113.0/24', '198.51.100.5', '::1'])
  })
  it('names the first bad entry', () => {
    // Every bad entry is named, not just the first.
    const p = validateAllowList(['198.51.100.5', '10.0.0.0/99', 'nope', '300.1.1.1'])!
    expect(p.split('\n')).toHaveLength(3)
    for (const bad of ['"10.0.0.0/99"', '"nope"', '"300.1.1.1"']) expect(p).toContain(bad)
    expect(p).not.toContain('198.51.100.5')
    expect(validateAllowList([])).toBeNull()
  })
})

describe('validateExpiryDate', () => {
  const now = new Date(2026, 10, 27, 12, 0, 0)
  it('refuses past days and accepts today (it ends at midnight) and later', () => {
    expect(validateExpiryDate('2026-11-26', now)).toBe(MSG_EXPIRY_PAST)
    expect(validateExpiryDate('2026-11-27', now)).toBeNull()
    expect(validateExpiryDate('2027-01-01', now)).toBeNull()
  })
  it('asks for a date when empty', () => {
    expect(validateExpiryDate('', now)).not.toBeNull()
  })
})
