// The shared shape of the rotate and revoke confirmations: names the key,
// shows the platform's answer in its words when the action fails.
import { useEffect, useState, type ReactNode } from 'react'
import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { ApiError } from '../../api/errors'
import { isSudoCancelled } from '../session/useSudo'
import { ErrorAlert } from '../../shared/ErrorMessage'

export interface ConfirmKeyDialogProps {
  opened: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  color?: string
  /** The confirm button waits for a choice the dialog still needs. */
  confirmDisabled?: boolean
  onConfirm: () => Promise<void>
  onClose: () => void
}

export function ConfirmKeyDialog({ opened, title, children, confirmLabel, color, confirmDisabled, onConfirm, onClose }: ConfirmKeyDialogProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (opened) setError(null)
  }, [opened])

  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm()
    } catch (e) {
      if (!isSudoCancelled(e)) setError(ApiError.from(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened={opened} onClose={busy ? () => {} : onClose} title={<Text fw={700}>{title}</Text>} centered size="md">
      <Stack>
        {children}
        {error && (
          <ErrorAlert role="alert">
            {error}
          </ErrorAlert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {error ? 'Close' : 'Cancel'}
          </Button>
          <Button color={color} onClick={confirm} loading={busy} disabled={confirmDisabled}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export const KeyName = ({ children }: { children: ReactNode }) => (
  <Text span fw={700}>
    “{children}”
  </Text>
)
