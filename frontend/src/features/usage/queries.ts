// Usage analytics (app/usage.go): answers under the freshness rule, snapshots
// for offline review, the live feed's state and the rate-limit status; and
// useUsage, SWR with a one-minute dedupe (SPEC §4, the same minute the Go
// side caches for). Refresh skips both caches.
import { useCallback } from 'react'
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { exportFile, saveFile } from '../../lib/download'
import { call } from '../../api/transport'
import type { APIUsage, LiveMessage } from '../../api/types'

export type UsageRange = '1h' | '24h' | '7d' | '30d' | 'custom'

export interface UsageRequest {
  range: UsageRange
  from?: string
  to?: string
  key_id?: string
  refresh?: boolean
}

export interface UsageView {
  data: APIUsage
  snapshot_id: string
  fetched_at: string
  from_cache: boolean
  offline: boolean
  age_seconds: number
}

export interface SnapshotMeta {
  id: string
  tenant: string
  range: string
  key_id: string
  fetched_at: string
}

export interface SnapshotView extends SnapshotMeta {
  data: APIUsage
  age_seconds: number
}

export interface ExportFile {
  filename: string
  content_type: string
  content: string
}

export type LiveStateName = 'live' | 'reconnecting' | 'offline'
export interface LiveState {
  state: LiveStateName
  attempt: number
  retry_in_ms?: number
  error?: string
}

export interface RateLimitStatus {
  plan: string
  used: number
  refused: number
  limit: number
  burst: number
  remaining: number
  pct: number
  reset_seconds: number
  live: boolean
  at: string | null
}

export const getUsage = (q: UsageRequest) => call<UsageView>('Usage', 'Get', q)
export const currentRateLimit = () => call<RateLimitStatus>('Usage', 'Current')
/** Every error answer of the range as CSV: streamed to a file in the window. */
export const exportErrorsCSV = (q: UsageRequest) => exportFile('Usage', 'SaveErrorsCSV', 'ErrorsCSV', q)
export const listSnapshots = (from = '', to = '') => call<SnapshotMeta[]>('Usage', 'Snapshots', from, to)
export const getSnapshot = (id: string) => call<SnapshotView>('Usage', 'Snapshot', id)
export const exportSnapshot = (id: string, format: 'csv' | 'json') => call<ExportFile>('Usage', 'ExportSnapshot', id, format)
export const liveState = () => call<LiveState>('Usage', 'LiveState')
export const liveRecent = () => call<LiveMessage[]>('Usage', 'LiveRecent')

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
