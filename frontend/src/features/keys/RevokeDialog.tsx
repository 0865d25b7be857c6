// "Revoke Key": names the key and says it cannot be undone.
import { Text } from '@mantine/core'
import type { Key, RevokeKeyResponse } from '../../api/types.gen'
import { ConfirmKeyDialog, KeyName } from './ConfirmKeyDialog'
import { revokeKey } from './queries'

export interface RevokeDialogProps {
  keyItem: Key | null
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  onRevoked: (res: RevokeKeyResponse, key: Key) => void
  /** Called when the platform says the key was already revoked, so the list refreshes. */
  onStale: () => void
  onClose: () => void
}

export function RevokeDialog({ keyItem, withSudo, onRevoked, onStale, onClose }: RevokeDialogProps) {
  return (
    <ConfirmKeyDialog
      opened={keyItem !== null}
      title="Revoke API key"
      confirmLabel="Revoke Key"
      color="red"
      onClose={onClose}
      onConfirm={async () => {
        if (!keyItem) return
        try {
          const res = await withSudo(() => revokeKey(keyItem.key_id))
          onRevoked(res, keyItem)
        } catch (e) {
          if ((e as { code?: string }).code === 'already_revoked') onStale()
          throw e
        }
      }}
    >
      <Text size="sm">
        Revoke <KeyName>{keyItem?.name}</KeyName> ({keyItem?.masked_key})? Every request using it will be refused at once.
      </Text>
      <Text size="sm" c="red" fw={600}>
        This cannot be undone.
      </Text>
    </ConfirmKeyDialog>
  )
}
