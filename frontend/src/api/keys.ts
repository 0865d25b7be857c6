// API keys (app/keys.go). Keys are never cached (SPEC §4): callers fetch fresh.
import { call } from './transport'
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
} from './types'

export const listKeys = (q: KeyListQuery = {}) => call<KeyList>('Keys', 'List', q)
export const keyPermissions = () => call<PermissionCatalog>('Keys', 'Permissions')
export const getKey = (keyId: string) => call<KeyDetails>('Keys', 'Get', keyId)
export const createKey = (req: CreateKeyRequest) => call<CreateKeyResponse>('Keys', 'Create', req)
export const updateKey = (keyId: string, req: UpdateKeyRequest) => call<Key>('Keys', 'Update', keyId, req)
export const rotateKey = (keyId: string, grace: Grace) => call<RotateKeyResponse>('Keys', 'Rotate', keyId, grace)
export const revokeKey = (keyId: string) => call<RevokeKeyResponse>('Keys', 'Revoke', keyId)
