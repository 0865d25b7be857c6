// The key domain's rules, asked of Go (app/keys_rules.go → backend/apikey)
// instead of copied here: the create and edit forms' checks with the
// platform's words, the presets, "full_access grants everything",
// and which key a pasted secret belongs to. The mask is shared/useMasked.ts.
import { useCallback, useEffect, useRef, useState } from 'react'
import useSWR from 'swr'
import { call } from '../../api/transport'
import type { KeyDraft, KeyDraftCheck, Preset } from '../../api/types.gen'

export type { KeyDraft, KeyDraftCheck, KeyIdentity, Preset } from '../../api/types.gen'

export const checkKeyDraft = (d: KeyDraft) => call('Keys', 'Check', d)
export const identifyKey = (secret: string) => call('Keys', 'Identify', secret)
export const keyGrants = (permissions: string[], needs: string[]) => call('Keys', 'Grants', permissions, needs)
export const keyPresets = () => call('Keys', 'Presets')

/** How long typing pauses before the draft is checked: fast enough to feel
 * inline, without a call per keystroke. */
export const CHECK_DELAY_MS = 150

const NO_PROBLEMS: KeyDraftCheck = { fields: {}, allowed_ips: [] }

/**
 * The draft's problems as Go sees them, refreshed a moment after each change;
 * current is false while that answer is older than the draft. checkNow()
 * checks the draft at once (for Next, Generate and Save, which must not act
 * on a stale answer).
 */
export function useDraftCheck(draft: KeyDraft): { check: KeyDraftCheck; current: boolean; checkNow: () => Promise<KeyDraftCheck> } {
  const [answer, setAnswer] = useState<{ of: string; check: KeyDraftCheck }>({ of: '', check: NO_PROBLEMS })
  const text = JSON.stringify(draft)
  const latest = useRef(text)
  latest.current = text
  const run = useCallback(async (asked: string) => {
    const r = await checkKeyDraft(JSON.parse(asked) as KeyDraft)
    if (latest.current === asked) setAnswer({ of: asked, check: r })
    return r
  }, [])
  useEffect(() => {
    const id = setTimeout(() => void run(text).catch(() => {}), CHECK_DELAY_MS)
    return () => clearTimeout(id)
  }, [text, run])
  const checkNow = useCallback(() => run(latest.current), [run])
  return { check: answer.check, current: answer.of === text, checkNow }
}

/** The wizard's presets, in the order shown. */
export function usePresets(): Preset[] | undefined {
  return useSWR<Preset[]>('keys:presets', keyPresets, { revalidateOnFocus: false, dedupingInterval: 60 * 60_000 }).data
}

/** For each permission in needs, whether permissions grant it; undefined until Go answers. */
export function useGrants(permissions: string[] | undefined, needs: string[]): boolean[] | undefined {
  const { data } = useSWR<boolean[]>(permissions ? ['keys:grants', permissions.join(','), needs.join(',')] : null, () =>
    keyGrants(permissions ?? [], needs),
  )
  return data
}
