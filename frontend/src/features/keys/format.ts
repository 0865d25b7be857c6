// Formatting the keys screen needs beyond src/lib/format: durations for the
// grace and sudo countdowns, and the words for audit events.

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

/** The words for an audit event kind. */
export function auditLabel(kind: string): string {
  const labels: Record<string, string> = {
    created: 'Created',
    rotated: 'Rotated',
    revoked: 'Revoked',
    permissions_changed: 'Permissions changed',
    updated: 'Updated',
    new_ip: 'First use from a new IP',
  }
  return labels[kind] ?? kind.replace(/_/g, ' ')
}
