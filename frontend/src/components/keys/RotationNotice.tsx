// During a rotation's 24-hour grace: both masked secrets, the time the old
// one has left, and whether callers still use it (from the platform's usage).
import { Alert, Code, Group, Stack, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import type { Key } from '../../api/types'
import { relativeTime } from '../../lib/format'
import { formatDuration } from './format'
import { useNow } from './useNow'

/** The words for the old secret's traffic, given the rotation and now. */
export function oldKeyTraffic(rot: NonNullable<Key['rotation']>, now: number): string {
  if (rot.previous_requests > 0 && rot.previous_last_used) {
    return `Old key still in use — last request ${relativeTime(rot.previous_last_used, now)}`
  }
  return 'No traffic on the old key since rotation'
}

export function RotationNotice({ keyItem, now: fixedNow }: { keyItem: Key; now?: number }) {
  const rot = keyItem.rotation
  const tick = useNow(30_000, !!rot && fixedNow === undefined)
  if (!rot || keyItem.status !== 'active') return null
  const now = fixedNow ?? tick
  const left = new Date(rot.previous_expires_at).getTime() - now
  const inUse = rot.previous_requests > 0 && !!rot.previous_last_used
  return (
    <Alert color="yellow" variant="light" icon={<IconRefresh size={18} />} p="sm" data-testid="rotation-notice">
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {left > 0 ? `Old key stops working in ${formatDuration(left)}` : 'The old key no longer works'}
          </Text>
        </Group>
        <Group gap="lg">
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              New
            </Text>
            <Code>{keyItem.masked_key}</Code>
          </Group>
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              Old
            </Text>
            <Code style={{ textDecoration: left > 0 ? undefined : 'line-through' }}>{rot.previous_masked_key}</Code>
          </Group>
        </Group>
        <Text size="sm" c={inUse ? 'var(--mantine-color-orange-text)' : 'dimmed'} fw={inUse ? 500 : undefined}>
          {oldKeyTraffic(rot, now)}
          {inUse ? ` (${rot.previous_requests.toLocaleString()} ${rot.previous_requests === 1 ? 'request' : 'requests'} since rotation)` : ''}
        </Text>
      </Stack>
    </Alert>
  )
}
