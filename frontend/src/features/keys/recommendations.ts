// Security recommendations for one key (PenguinMails' key best practices),
// each with the one-click fix the console offers where one exists.
import type { Key } from '../../api/types.gen'

const DAY = 24 * 60 * 60 * 1000

export type RecommendationFix = 'rotate' | 'revoke' | 'edit_ips' | 'edit_expiry'

export interface Recommendation {
  id: 'old' | 'unused' | 'unrestricted_full_access' | 'never_expires'
  text: string
  fix: RecommendationFix
  fixLabel: string
}

/** What to improve about k at now; nothing for a key that no longer works. */
export function securityRecommendations(k: Key, now: number): Recommendation[] {
  if (k.status !== 'active') return []
  const out: Recommendation[] = []
  const age = Math.floor((now - Date.parse(k.created_at)) / DAY)
  if (age >= 90) {
    out.push({ id: 'old', text: `This key is ${age} days old. Rotate keys every 90 days.`, fix: 'rotate', fixLabel: 'Rotate Key' })
  }
  const lastUse = k.last_used ? Date.parse(k.last_used) : Date.parse(k.created_at)
  const idle = Math.floor((now - lastUse) / DAY)
  if (idle >= 30) {
    out.push({
      id: 'unused',
      text: k.last_used ? `Not used for ${idle} days. Revoke keys you no longer need.` : `Never used in ${idle} days. Revoke keys you no longer need.`,
      fix: 'revoke',
      fixLabel: 'Revoke Key',
    })
  }
  if (k.environment === 'live' && k.permissions.includes('full_access') && k.allowed_ips.length === 0) {
    out.push({
      id: 'unrestricted_full_access',
      text: 'A live key with full access works from any IP address. Restrict it to your servers’ addresses.',
      fix: 'edit_ips',
      fixLabel: 'Add IP restriction',
    })
  }
  if (!k.expires_at) {
    out.push({ id: 'never_expires', text: 'This key never expires. Give it an expiry date.', fix: 'edit_expiry', fixLabel: 'Set expiry' })
  }
  return out
}
