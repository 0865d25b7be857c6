// API keys (app/keys.go): the fetchers, and the SWR key and hook of the key
// list. Keys are never cached (SPEC §4): no deduplication, refetched on mount
// and on focus.
import useSWR, { type SWRResponse } from 'swr'
import type { ApiError } from '../../api/errors'
import { call } from '../../api/transport'
import type { CreateKeyRequest, Grace, KeyDetails, KeyList, KeyListQuery, PermissionCatalog, UpdateKeyRequest } from '../../api/types.gen'

export const listKeys = (q: KeyListQuery = {}) => call('Keys', 'List', q)
export const keyPermissions = () => call('Keys', 'Permissions')
export const getKey = (keyId: string) => call('Keys', 'Get', keyId)
export const createKey = (req: CreateKeyRequest) => call('Keys', 'Create', req)
export const updateKey = (keyId: string, req: UpdateKeyRequest) => call('Keys', 'Update', keyId, req)
export const rotateKey = (keyId: string, grace: Grace) => call('Keys', 'Rotate', keyId, grace)
export const revokeKey = (keyId: string) => call('Keys', 'Revoke', keyId)

/** The SWR cache key of a key list query. */
export const keysKey = (q: KeyListQuery = {}) => ['keys', q.status ?? 'all', q.q ?? '', q.sort ?? 'created'] as const

export const KEYS_SWR_OPTIONS = {
  dedupingInterval: 0,
  revalidateOnFocus: true,
  revalidateOnMount: true,
  keepPreviousData: true,
} as const

export function useKeys(q: KeyListQuery = {}, opts: { refreshInterval?: number } = {}): SWRResponse<KeyList, ApiError> {
  return useSWR<KeyList, ApiError>(keysKey(q), () => listKeys(q), {
    ...KEYS_SWR_OPTIONS,
    refreshInterval: opts.refreshInterval,
  })
}

/** The permission catalog and presets; not asked for when the user may not change keys. */
export const usePermissionCatalog = (enabled: boolean) =>
  useSWR<PermissionCatalog, ApiError>(enabled ? 'permission-catalog' : null, keyPermissions, { revalidateOnFocus: false })

/** One key with its usage, endpoints, IPs and audit; `version` re-asks after a change. */
export const useKeyDetails = (keyId: string, version?: string) =>
  useSWR<KeyDetails, ApiError>(['key', keyId, version ?? ''], () => getKey(keyId), KEYS_SWR_OPTIONS)
