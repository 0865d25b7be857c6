// Client-side checks that mirror the platform's validation (SPEC §2.3), so a
// user sees what is wrong while typing. The platform re-checks everything and
// its answer (ApiError.fields) always wins.

export const MSG_NAME = 'Name must be 1-50 characters'
export const MSG_NAME_CHARS = 'Name may only contain letters, digits, spaces, - and _'
export const MSG_PERMISSIONS = 'Select at least one permission'
export const MSG_EXPIRY_PAST = 'Choose a date in the future'
export const MSG_EXPIRY_MISSING = 'Choose an expiry date'

// ASCII only, exactly as the platform checks it.
const NAME_CHARS = /^[A-Za-z0-9 _-]+$/

/** The problem with a key name, or null when it is fine. */
export function validateName(raw: string): string | null {
  const name = raw.trim()
  // Count characters, not UTF-16 units, as the platform does.
  const len = [...name].length
  if (len < 1 || len > 50) return MSG_NAME
  if (!NAME_CHARS.test(name)) return MSG_NAME_CHARS
  return null
}

export function validatePermissions(perms: string[]): string | null {
  return perms.length === 0 ? MSG_PERMISSIONS : null
}

function isIPv4(s: string): boolean {
  const parts = s.split('.')
  if (parts.length !== 4) return false
  return parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && !(p.length > 1 && p[0] === '0'))
}

function isIPv6(s: string): boolean {
  if (s.includes('%')) return false // zones make no sense in an allow-list
  let text = s
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  let extra = 0
  const lastColon = text.lastIndexOf(':')
  if (text.includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false
    text = text.slice(0, lastColon + 1) + '0'
    extra = 1
  }
  const halves = text.split('::')
  if (halves.length > 2) return false
  const group = /^[0-9a-fA-F]{1,4}$/
  const parse = (h: string) => (h === '' ? [] : h.split(':'))
  const head = parse(halves[0])
  const tail = halves.length === 2 ? parse(halves[1]) : []
  if (![...head, ...tail].every((g) => group.test(g))) return false
  const groups = head.length + tail.length + extra
  return halves.length === 2 ? groups <= 7 : groups === 8
}

/** The problem with one allow-list entry (an IPv4/IPv6 address or CIDR), or null. */
export function validateIPEntry(raw: string): string | null {
  const entry = raw.trim()
  if (entry === '') return null
  const slash = entry.indexOf('/')
  const addr = slash < 0 ? entry : entry.slice(0, slash)
  const v4 = isIPv4(addr)
  const v6 = !v4 && isIPv6(addr)
  if (!v4 && !v6) return `"${entry}" is not a valid IP address or CIDR range`
  if (slash >= 0) {
    const bits = entry.slice(slash + 1)
    const max = v4 ? 32 : 128
    if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
      return `"${entry}" has an invalid prefix length (0-${max})`
    }
  }
  return null
}

/** Splits a textarea's contents into entries: one per line, commas and spaces also separate. */
export function splitAllowList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Every problem in an allow-list, each naming its bad entry (one per line), or null. */
export function validateAllowList(entries: string[]): string | null {
  const problems = entries.map(validateIPEntry).filter((p): p is string => p !== null)
  return problems.length ? problems.join('\n') : null
}

/** The problem with a custom expiry date (YYYY-MM-DD, end of that day local time), or null. */
export function validateExpiryDate(date: string, now: Date = new Date()): string | null {
  if (!date) return MSG_EXPIRY_MISSING
  const at = endOfDay(date)
  if (Number.isNaN(at.getTime())) return MSG_EXPIRY_MISSING
  return at.getTime() <= now.getTime() ? MSG_EXPIRY_PAST : null
}

/** The last second of a local calendar day, so "expires on 2027-01-31" covers that whole day. */
export function endOfDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(y, (m ?? 1) - 1, d ?? 1, 23, 59, 59)
}
