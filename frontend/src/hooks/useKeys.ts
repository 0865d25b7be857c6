// The tenant's keys, always fresh from the platform (SPEC §4: never cached):
// no deduplication, refetched on mount and on focus.
import useSWR, { type SWRResponse } from 'swr'
import { listKeys } from '../api/keys'
import type { ApiError } from '../api/errors'
import type { KeyList, KeyListQuery } from '../api/types'

export const KEYS_SWR_OPTIONS = {
  dedupingInterval: 0,
  revalidateOnFocus: true,
  revalidateOnMount: true,
  keepPreviousData: true,
} as const

export function useKeys(q: KeyListQuery = {}, opts: { refreshInterval?: number } = {}): SWRResponse<KeyList, ApiError> {
  return useSWR<KeyList, ApiError>(['keys', q.status ?? 'all', q.q ?? '', q.sort ?? 'created'], () => listKeys(q), {
    ...KEYS_SWR_OPTIONS,
    refreshInterval: opts.refreshInterval,
  })
}
