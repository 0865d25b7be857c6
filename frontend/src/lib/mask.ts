// The masked form of a secret, as the platform shows it (SPEC §2.3): the
// prefix, the first 3 characters of the secret part, "...", the last 4.
const prefixRe = /^(pm_(?:live|test)_)(.+)$/

export function maskSecret(secret: string): string {
  const m = prefixRe.exec(secret)
  if (!m) return secret.length > 8 ? `${secret.slice(0, 3)}...${secret.slice(-4)}` : '••••'
  const rest = m[2]
  if (rest.length <= 7) return `${m[1]}...`
  return `${m[1]}${rest.slice(0, 3)}...${rest.slice(-4)}`
}

/** Anything in text that looks like a PenguinMails secret. */
export const secretPattern = /pm_(?:live|test)_[A-Za-z0-9_-]{8,}/g

/** Replaces every secret in text with its masked form. */
export function maskSecretsIn(text: string): string {
  return text.replace(secretPattern, (s) => maskSecret(s))
}
