// Usage analytics (app/usage.go): answers under the freshness rule, snapshots
// for offline review, the live feed's state and the rate-limit status; and
// useUsage, SWR with a one-minute dedupe (SPEC §4, the same minute the Go
// side caches for). Refresh skips both caches.
import { useCallback } from 'react'
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { exportFile, saveFile } from '../../lib/download'
import { call } from '../../api/transport'
import type { ExportFile, PlanInfo, SnapshotMeta, SnapshotView, UsageRequest, UsageView } from '../../api/types.gen'
export type { UsageRange, UsageRequest, UsageView, SnapshotMeta, SnapshotView, ExportFile, LiveStateName, LiveState, RateLimitStatus } from '../../api/types.gen'

/** The plans, cheapest first, each with its upgrade (Go's, backend/apikey). */
export const listPlans = () => call('Usage', 'Plans')
export function usePlans(): PlanInfo[] | undefined {
  return useSWR<PlanInfo[]>('usage:plans', listPlans, { revalidateOnFocus: false, dedupingInterval: 60 * 60_000 }).data
}

export const getUsage = (q: UsageRequest) => call('Usage', 'Get', q)
export const currentRateLimit = () => call('Usage', 'Current')
/** Every error answer of the range as CSV: streamed to a file in the window. */
export const exportErrorsCSV = (q: UsageRequest) => exportFile(
    () => call('Usage', 'SaveErrorsCSV', q),
    () => call('Usage', 'ErrorsCSV', q),
  )
export const listSnapshots = (from = '', to = '') => call('Usage', 'Snapshots', from, to)
export const getSnapshot = (id: string) => call('Usage', 'Snapshot', id)
export const exportSnapshot = (id: string, format: 'csv' | 'json') => call('Usage', 'ExportSnapshot', id, format)
export const liveState = () => call('Usage', 'LiveState')
export const liveRecent = () => call('Usage', 'LiveRecent')

/** Saves a file the Go side produced: the native Save dialog in the window,
 *  a download in a browser. */
export async function downloadFile(f: ExportFile): Promise<void> {
  await saveFile(f.filename, f.content, f.content_type || 'application/octet-stream')
}

export const USAGE_SWR_OPTIONS = {
  dedupingInterval: 60_000,
  revalidateOnFocus: true,
  keepPreviousData: true,
  // The backend answers offline from its snapshots, so errors are real ones.
  shouldRetryOnError: false,
} as const

export function usageKey(q: UsageRequest) {
  return ['usage', q.range, q.from ?? '', q.to ?? '', q.key_id ?? ''] as const
}

// Which query each answer answered: with keepPreviousData the previous
// range's answer stays in data while the new one loads, or when it fails.
const answered = new WeakMap<UsageView, string>()
const fetchFor = async (q: UsageRequest, refresh = false) => {
  const v = await getUsage(refresh ? { ...q, refresh: true } : q)
  if (v && typeof v === 'object') answered.set(v, usageKey(q).join('|'))
  return v
}

export function useUsage(q: UsageRequest) {
  const swr = useSWR<UsageView, ApiError>(usageKey(q), () => fetchFor(q), {
    ...USAGE_SWR_OPTIONS,
    // Offline answers are re-asked every half minute so the screen comes back by itself.
    refreshInterval: (v?: UsageView) => (v?.offline ? 30_000 : 60_000),
  })
  const { mutate } = swr
  const refresh = useCallback(
    () => mutate(fetchFor(q, true), { revalidate: false }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mutate, q.range, q.from, q.to, q.key_id],
  )
  /** False while data is still the previous query's answer. */
  const current = !!swr.data && answered.get(swr.data) === usageKey(q).join('|')
  return { ...swr, refresh, current }
}

/** The snapshot history up to `toIso` ('' for now), asked for only while the drawer is open. */
export const useSnapshots = (opened: boolean, toIso: string) =>
  useSWR<SnapshotMeta[], ApiError>(opened ? ['snapshots', toIso] : null, () => listSnapshots('', toIso), { dedupingInterval: 0 })

/** One snapshot, by id. */
export const useSnapshot = (id: string | null) =>
  useSWR<SnapshotView, ApiError>(id ? ['snapshot', id] : null, () => getSnapshot(id!), { dedupingInterval: 0 })

/** The newest snapshot of the same range and key as `snap`, to compare with. */
export const useNewestSnapshotLike = (snap: SnapshotView | undefined) =>
  useSWR<SnapshotView | null, ApiError>(
    snap ? ['snapshot-newest', snap.range, snap.key_id] : null,
    async () => {
      const all = await listSnapshots()
      const m = all.find((s) => s.range === snap!.range && s.key_id === snap!.key_id)
      return m ? getSnapshot(m.id) : null
    },
    { dedupingInterval: 0 },
  )
