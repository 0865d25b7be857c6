// Usage for a range: SWR with a one-minute dedupe (SPEC §4, the same minute
// the Go side caches for). Refresh skips both caches.
import { useCallback } from 'react'
import useSWR from 'swr'
import type { ApiError } from '../api/errors'
import { getUsage, type UsageRequest, type UsageView } from '../api/usage'

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

export function useUsage(q: UsageRequest) {
  const swr = useSWR<UsageView, ApiError>(usageKey(q), () => getUsage(q), {
    ...USAGE_SWR_OPTIONS,
    // Offline answers are re-asked every half minute so the screen comes back by itself.
    refreshInterval: (v?: UsageView) => (v?.offline ? 30_000 : 60_000),
  })
  const { mutate } = swr
  const refresh = useCallback(
    () => mutate(getUsage({ ...q, refresh: true }), { revalidate: false }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mutate, q.range, q.from, q.to, q.key_id],
  )
  return { ...swr, refresh }
}
