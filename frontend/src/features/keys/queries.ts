// API keys (app/keys.go): the fetchers, and the SWR key and hook of the key
// list. Keys are never cached (SPEC §4): no deduplication, refetched on mount
// and on focus.
import useSWR, { type SWRResponse } from 'swr'
import type { ApiError } from '../../api/errors'
import { call } from '../../api/transport'
import type {
  CreateKeyRequest,
  CreateKeyResponse,
  Grace,
  Key,
  KeyDetails,
  KeyList,
  KeyListQuery,
  PermissionCatalog,
  RevokeKeyResponse,
  RotateKeyResponse,
  UpdateKeyRequest,
} from '../../api/types'

export const listKeys = (q: KeyListQuery = {}) => call<KeyList>('Keys', 'List', q)
export const keyPermissions = () => call<PermissionCatalog>('Keys', 'Permissions')
export const getKey = (keyId: string) => call<KeyDetails>('Keys', 'Get', keyId)
export const createKey = (req: CreateKeyRequest) => call<CreateKeyResponse>('Keys', 'Create', req)
export const updateKey = (keyId: string, req: UpdateKeyRequest) => call<Key>('Keys', 'Update', keyId, req)
export const rotateKey = (keyId: string, grace: Grace) => call<RotateKeyResponse>('Keys', 'Rotate', keyId, grace)
export const revokeKey = (keyId: string) => call<RevokeKeyResponse>('Keys', 'Revoke', keyId)

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
