// The session's memory of full API key secrets. A secret reaches the console
// once (the create/rotate success view, or pasted into the tester) and must
// never be written anywhere (SPEC §4): this is a plain Map in this tab's
// memory, gone on reload, never localStorage, sessionStorage or Go. It
// belongs to one signed-in user: it is wiped on sign-out, on session expiry,
// when another user signs in, and when the window closes.
const secrets = new Map<string, string>()
const listeners = new Set<() => void>()
let owner: string | null = null

function changed() {
  listeners.forEach((l) => l())
}

/** Keeps keyId's secret for the rest of this session. */
export function rememberSecret(keyId: string, secret: string): void {
  if (!keyId || !secret) return
  secrets.set(keyId, secret)
  changed()
}

/** The secret remembered for keyId, if any. */
export function getSecret(keyId: string): string | undefined {
  return secrets.get(keyId)
}

/** Forgets keyId's secret (e.g. after a revoke, or on request). */
export function forgetSecret(keyId: string): void {
  if (secrets.delete(keyId)) changed()
}

/** Forgets every secret. */
export function wipeSecrets(): void {
  if (secrets.size === 0) return
  secrets.clear()
  changed()
}

/**
 * Names the user the vault now serves (null: nobody is signed in). Called
 * while rendering, before any screen of the new user reads the vault, so
 * the clearing itself is silent; subscribers hear of it just after.
 */
export function vaultOwner(user: string | null): void {
  if (user === owner && user !== null) return
  owner = user
  if (secrets.size === 0) return
  secrets.clear()
  queueMicrotask(changed)
}

/** Calls cb whenever the vault changes; returns the unsubscribe function. */
export function onVaultChange(cb: () => void): () => void {
  listeners.add(cb)
  return () => listeners.delete(cb)
}

if (typeof window !== 'undefined') {
  // Closing the window (or the tab) ends the secrets with it, also when the
  // page would otherwise be kept in the back/forward cache.
  window.addEventListener('pagehide', () => secrets.clear())
}
