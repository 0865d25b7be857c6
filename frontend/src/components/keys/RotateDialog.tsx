// "Rotate Key": confirms, then hands the new secret to the success view.
import { Text } from '@mantine/core'
import type { Key, RotateKeyResponse } from '../../api/types'
import { ConfirmKeyDialog, KeyName } from './ConfirmKeyDialog'
import { rotateKey } from '../../api/keys'

export interface RotateDialogProps {
  keyItem: Key | null
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  onRotated: (res: RotateKeyResponse) => void
  onClose: () => void
}

export function RotateDialog({ keyItem, withSudo, onRotated, onClose }: RotateDialogProps) {
  return (
    <ConfirmKeyDialog
      opened={keyItem !== null}
      title="Rotate API key"
      confirmLabel="Rotate Key"
      color="orange"
      onClose={onClose}
      onConfirm={async () => {
        if (!keyItem) return
        const res = await withSudo(() => rotateKey(keyItem.key_id))
        onRotated(res)
      }}
    >
      <Text size="sm">
        Rotate <KeyName>{keyItem?.name}</KeyName> ({keyItem?.masked_key})? A new secret is issued now and shown once.
      </Text>
      <Text size="sm" c="dimmed">
        The current secret keeps working for 24 hours so you can deploy the new one; after that it is refused with
        “key_revoked”.
      </Text>
    </ConfirmKeyDialog>
  )
}
