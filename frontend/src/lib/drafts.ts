// Drafts: what the user was in the middle of (the tester's request, the
// create-key wizard's fields), kept in this tab's memory while the same user
// is signed in. A session that expires and is resumed by signing in again
// loses nothing; another user, or a deliberate sign-out, starts empty. Never
// a secret: each value goes through its scrubber before it is kept.
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react'

const store = new Map<string, unknown>()
let owner: string | null = null

/** Another module's own draft memory, cleared and scrubbed with these. */
export interface DraftHolder {
  /** Forgets everything (sign-out, another user). */
  clear: () => void
  /** Removes every secret, keeping the rest (session expiry). */
  scrub: () => void
}
const holders = new Set<DraftHolder>()

export function registerDraftHolder(h: DraftHolder): void {
  holders.add(h)
}

/**
 * Names the signed-in user (null after a deliberate sign-out). Drafts of
 * anyone else are dropped. Called while rendering, before the screens mount.
 */
export function draftOwner(user: string | null): void {
  if (user === owner) return
  if (user !== null || owner !== null) clearDrafts()
  owner = user
}

/** The session expired: drafts stay for the same user, without secrets. */
export function scrubDrafts(): void {
  holders.forEach((h) => h.scrub())
}

/** Drops every draft. */
export function clearDrafts(): void {
  store.clear()
  holders.forEach((h) => h.clear())
}

/** A draft kept under key, if any (for tests and for resuming). */
export function getDraft<T>(key: string): T | undefined {
  return store.get(key) as T | undefined
}

/** useState whose value is kept as a draft under key. */
export function useDraftState<T>(key: string, initial: T | (() => T), scrub?: (v: T) => T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState<T>(() =>
    store.has(key) ? (store.get(key) as T) : typeof initial === 'function' ? (initial as () => T)() : initial,
  )
  useEffect(() => {
    store.set(key, scrub ? scrub(value) : value)
    // scrub is a pure function of the value; a new identity changes nothing.
  }, [key, value])
  return [value, setValue]
}
