// The password prompt of sudo mode, and the badge that shows sudo is in force.
import { useContext, useEffect, useRef, useState } from 'react'
import { Alert, Badge, Button, Code, Group, Modal, PasswordInput, Stack, Text, Tooltip } from '@mantine/core'
import { IconInfoCircle, IconLock, IconShieldCheck } from '@tabler/icons-react'
import type { SudoDialogState, SudoState } from './useSudo'
import { SessionContext } from './useSession'
import { formatDuration } from '../../lib/format'

export function SudoDialog({ opened, busy, error, onConfirm, onCancel }: SudoDialogState) {
  const [password, setPassword] = useState('')
  const passwordRef = useRef<HTMLInputElement>(null)
  // With the embedded platform the console signed in by itself, so the user
  // never typed a password: show the sandbox's demo password instead.
  const demo = useContext(SessionContext)?.demo
  // Never keep a typed password around once the dialog is gone.
  useEffect(() => {
    if (!opened) setPassword('')
  }, [opened])

  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={
        <Group gap="xs">
          <IconLock size={18} />
          <Text fw={600}>Confirm it's you</Text>
        </Group>
      }
      centered
      zIndex={400}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (password) onConfirm(password)
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            Changing API keys is a sensitive action. Enter your password to continue; you won't be asked again for 15 minutes.
          </Text>
          {demo && (
            <Alert color="blue" variant="light" icon={<IconInfoCircle size={16} />} p="xs">
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <Text size="sm">
                  Embedded sandbox: the demo password is <Code>{demo.password}</Code>
                </Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => {
                    setPassword(demo.password)
                    // Back to the field, so Enter confirms (on the button it
                    // would only press "Use it" again).
                    passwordRef.current?.focus()
                  }}
                >
                  Use it
                </Button>
              </Group>
            </Alert>
          )}
          <PasswordInput
            ref={passwordRef}
            label="Password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            data-autofocus
            error={error ?? undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!password}>
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** "Sudo active · 14 min" while a sudo token is in force; nothing otherwise. */
export function SudoBadge({ state }: { state: SudoState }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!state.active) return
    const t = setInterval(() => setNow(Date.now()), 15_000)
    return () => clearInterval(t)
  }, [state.active])
  if (!state.active || !state.expires_at) return null
  const left = new Date(state.expires_at).getTime() - now
  if (left <= 0) return null
  return (
    <Tooltip label="Key changes won't ask for your password until this runs out">
      <Badge color="teal" variant="light" leftSection={<IconShieldCheck size={12} />} size="lg">
        Sudo active · {formatDuration(left)}
      </Badge>
    </Tooltip>
  )
}
