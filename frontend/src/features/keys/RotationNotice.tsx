// While a key has previous secrets that still work: the new masked secret,
// each old one with its own countdown, and whether callers still use it
// (from the platform's usage).
import { Alert, Code, Group, Stack, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import type { Key, PreviousSecret } from '../../api/types.gen'
import { formatDateTime, formatDuration } from '../../lib/format'
import { oldKeyTraffic, previousSecrets, requestsSinceRotation } from './rotation'
import { useNow } from '../../shared/useNow'

export function RotationNotice({ keyItem, now: fixedNow }: { keyItem: Key; now?: number }) {
  const rot = keyItem.rotation
  const tick = useNow(30_000, !!rot && fixedNow === undefined)
  if (!rot || keyItem.status !== 'active') return null
  const now = fixedNow ?? tick
  const all = previousSecrets(rot)
  const live = all.filter((p) => new Date(p.expires_at).getTime() > now)
  const next = live.reduce<number | null>((m, p) => Math.min(m ?? Infinity, new Date(p.expires_at).getTime()), null)
  const heading =
    live.length === 0
      ? 'The old key no longer works'
      : all.length === 1
        ? `Old key stops working in ${formatDuration(next! - now)}`
        : `${live.length} old keys still work — the next stops in ${formatDuration(next! - now)}`
  return (
    <Alert color="yellow" variant="light" icon={<IconRefresh size={18} />} p="sm" data-testid="rotation-notice">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {heading}
        </Text>
        <Group gap={6}>
          <Text size="xs" c="dimmed" w={28}>
            New
          </Text>
          <Code>{keyItem.masked_key}</Code>
        </Group>
        {all.map((p) => (
          <OldSecret key={p.masked_key + p.rotated_at} p={p} now={now} countdown={all.length > 1} />
        ))}
      </Stack>
    </Alert>
  )
}

function OldSecret({ p, now, countdown }: { p: PreviousSecret; now: number; countdown: boolean }) {
  const left = new Date(p.expires_at).getTime() - now
  const inUse = left > 0 && p.requests_since_rotation > 0 && !!p.last_used
  return (
    <Stack gap={0} data-testid="previous-secret">
      <Group gap={6}>
        <Text size="xs" c="dimmed" w={28}>
          Old
        </Text>
        <Code style={{ textDecoration: left > 0 ? undefined : 'line-through' }}>{p.masked_key}</Code>
        {countdown && (
          <Text size="xs" c="dimmed" title={formatDateTime(p.expires_at)}>
            {left > 0 ? `stops working in ${formatDuration(left)}` : 'no longer works'}
          </Text>
        )}
      </Group>
      {left > 0 && (
        <Text size="sm" c={inUse ? 'var(--mantine-color-orange-text)' : 'dimmed'} fw={inUse ? 500 : undefined} ml={34}>
          {oldKeyTraffic(p, now)}
          {inUse ? ` (${requestsSinceRotation(p)})` : ''}
        </Text>
      )}
    </Stack>
  )
}
