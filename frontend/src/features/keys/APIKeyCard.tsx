// One API key at a glance: name, masked secret, environment, status, scopes and
// the numbers that tell whether it is healthy. The API Keys screen builds on it
// (actions, extra details); the Overview shows the compact form.
import { ActionIcon, Badge, Card, Code, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core'
import { CopyButton } from '../../shared/CopyButton'
import { IconCheck, IconCopy, IconKey, IconShieldLock } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import type { Key } from '../../api/types.gen'
import { daysUntil, formatDate, formatNumber, formatPct, relativeTime } from '../../lib/format'
import { errorRate, redWhenBad } from '../../shared/statusColor'
import { expiresSoon } from './expiry'

export interface APIKeyCardProps {
  keyItem: Key
  compact?: boolean
  actions?: ReactNode
  extra?: ReactNode
}

export type KeyDisplayStatus = 'Active' | 'Revoked' | 'Expired' | 'Rotating'

export function keyDisplayStatus(k: Key): KeyDisplayStatus {
  if (k.status === 'revoked') return 'Revoked'
  if (k.status === 'expired') return 'Expired'
  return k.rotation ? 'Rotating' : 'Active'
}

const STATUS_COLOR: Record<KeyDisplayStatus, string> = {
  Active: 'green',
  Revoked: 'red',
  Expired: 'gray',
  Rotating: 'yellow',
}

const PERMISSIONS_SHOWN = 4

export function StatusBadge({ keyItem }: { keyItem: Key }) {
  const s = keyDisplayStatus(keyItem)
  return (
    <Badge color={STATUS_COLOR[s]} variant="light" data-status={s.toLowerCase()}>
      {s}
    </Badge>
  )
}

/** The key id, shown (the "Copy key ID" button copies what the user sees). */
export function KeyIdCopy({ keyId }: { keyId: string }) {
  return (
    <Group gap={2} wrap="nowrap" style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" ff="monospace" truncate title={keyId} data-testid="key-id">
        {keyId}
      </Text>
      <CopyButton value={keyId} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Key ID copied' : 'Copy key ID'}>
            <ActionIcon variant="subtle" size="sm" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy key ID ${keyId}`}>
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  )
}

/** Says whether a key only answers some addresses, and which (in the tooltip). */
export function IPRestrictionBadge({ keyItem: k, showAny }: { keyItem: Key; showAny?: boolean }) {
  const n = k.allowed_ips?.length ?? 0
  if (n === 0) {
    return showAny ? (
      <Text size="xs" c="dimmed" span>
        Any IP
      </Text>
    ) : null
  }
  return (
    <Tooltip label={`Only from ${k.allowed_ips.join(', ')}`} multiline maw={320}>
      <Badge variant="outline" color="indigo" leftSection={<IconShieldLock size={12} />} tt="none" data-testid="ip-restricted">
        {n === 1 ? '1 IP range' : `${n} IP ranges`}
      </Badge>
    </Tooltip>
  )
}

function Stat({ label, value, color }: { label: string; value: ReactNode; color?: string }) {
  // minWidth 0 lets a long value (an email) truncate inside its grid cell
  // instead of running into the next one; the full text is in the title.
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text
        size="sm"
        fw={500}
        c={color}
        truncate
        title={typeof value === 'string' ? value : undefined}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {value}
      </Text>
    </div>
  )
}

function Permissions({ perms }: { perms: string[] }) {
  const [open, setOpen] = useState(false)
  const shown = open ? perms : perms.slice(0, PERMISSIONS_SHOWN)
  const hidden = perms.length - shown.length
  return (
    <Group gap={6}>
      {shown.map((p) => (
        <Badge key={p} variant="default" radius="sm" tt="none" fw={500} ff="monospace" size="sm">
          {p}
        </Badge>
      ))}
      {hidden > 0 && (
        <Badge
          component="button"
          type="button"
          variant="transparent"
          tt="none"
          size="sm"
          onClick={() => setOpen(true)}
          style={{ cursor: 'pointer' }}
        >
          +{hidden} more
        </Badge>
      )}
      {open && perms.length > PERMISSIONS_SHOWN && (
        <Badge
          component="button"
          type="button"
          variant="transparent"
          tt="none"
          size="sm"
          onClick={() => setOpen(false)}
          style={{ cursor: 'pointer' }}
        >
          Show less
        </Badge>
      )}
    </Group>
  )
}

function expiryColor(k: Key): string | undefined {
  const d = daysUntil(k.expires_at)
  if (d === null || k.status !== 'active') return undefined
  if (d < 0) return 'red'
  return expiresSoon(k) ? 'orange' : undefined
}

export default function APIKeyCard({ keyItem: k, compact, actions, extra }: APIKeyCardProps) {
  const rate = errorRate(k.request_count, k.error_count)
  const inactive = k.status !== 'active'
  return (
    <Card component="article" padding={compact ? 'md' : 'lg'} data-testid="api-key-card" data-key-id={k.key_id} tabIndex={-1} aria-label={`API key ${k.name}`}>
      <Stack gap={compact ? 'sm' : 'md'}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <IconKey size={18} color={inactive ? 'var(--mantine-color-dimmed)' : 'var(--mantine-color-brand-filled)'} />
            <div style={{ minWidth: 0 }}>
              <Text fw={600} truncate c={inactive ? 'dimmed' : undefined}>
                {k.name}
              </Text>
              {!compact && k.description && (
                <Text size="sm" c="dimmed" lineClamp={2}>
                  {k.description}
                </Text>
              )}
            </div>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Badge color={k.environment === 'live' ? 'brand' : 'grape'} variant="light">
              {k.environment === 'live' ? 'Live' : 'Test'}
            </Badge>
            <IPRestrictionBadge keyItem={k} />
            <StatusBadge keyItem={k} />
          </Group>
        </Group>

        <Group gap="xs" wrap="nowrap">
          <Code
            data-testid="masked-key"
            style={{ fontSize: 'var(--mantine-font-size-sm)', textDecoration: k.status === 'revoked' ? 'line-through' : undefined }}
          >
            {k.masked_key}
          </Code>
          <KeyIdCopy keyId={k.key_id} />
        </Group>

        {k.permissions.length > 0 && <Permissions perms={k.permissions} />}

        <SimpleGrid cols={compact ? { base: 2, sm: 4 } : { base: 2, sm: 3, md: 4 }} spacing="sm" verticalSpacing="sm">
          <Stat label="Created" value={formatDate(k.created_at)} />
          {!compact && <Stat label="Created by" value={k.created_by || '—'} />}
          <Stat label="Last used" value={relativeTime(k.last_used)} />
          <Stat label="Expires" value={formatDate(k.expires_at, 'Never')} color={expiryColor(k)} />
          <Stat label="Rate limit" value={`${formatNumber(k.rate_limit)}/min · burst ${formatNumber(k.burst)}`} />
          <Stat label="Requests" value={formatNumber(k.request_count)} />
          <Stat
            label="Error rate"
            value={rate === undefined ? '—' : `${formatPct(rate)}%`}
            color={rate === undefined ? undefined : redWhenBad(100 - rate)}
          />
        </SimpleGrid>

        {extra}
        {actions && <Group gap="xs">{actions}</Group>}
      </Stack>
    </Card>
  )
}
