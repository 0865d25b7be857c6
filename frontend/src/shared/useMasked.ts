// The masked form of a secret, asked of Go (app Keys.Mask → backend/apikey),
// so it reads the same on every screen as in the platform's masked_key.
import { useEffect, useState } from 'react'
import { call } from '../api/transport'

export const maskSecret = (secret: string) => call('Keys', 'Mask', secret)

/** Shown until Go answers: hides the whole secret. */
export const MASK_PENDING = '…'

/** The masked form of secret; MASK_PENDING until Go answers (never the secret). */
export function useMasked(secret: string | undefined): string {
  const [masked, setMasked] = useState<{ of: string; masked: string } | null>(null)
  useEffect(() => {
    if (!secret) return
    let live = true
    maskSecret(secret)
      .then((m) => live && setMasked({ of: secret, masked: m }))
      .catch(() => {})
    return () => {
      live = false
    }
  }, [secret])
  return secret && masked?.of === secret ? masked.masked : MASK_PENDING
}
