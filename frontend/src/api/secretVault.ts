// The session's memory of full API key secrets. A secret reaches the console
// once (the create/rotate success view, or pasted into the tester) and must
// never be written anywhere (SPEC §4): this is a plain Map in this tab's
// memory, gone on reload, never localStorage, sessionStorage or Go.
const secrets = new Map<string, string>()
const listeners = new Set<() => void>()

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

/** Calls cb whenever the vault changes; returns the unsubscribe function. */
export function onVaultChange(cb: () => void): () => void {
  listeners.add(cb)
  return () => listeners.delete(cb)
}
