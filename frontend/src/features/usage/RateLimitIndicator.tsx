// The tenant's rate-limit status: how much of the plan's per-minute limit is
// in use, the burst allowance, when the window resets, and an upgrade prompt
// once usage passes 80 %.
import { Alert, Badge, Card, Group, Progress, Stack, Text, ThemeIcon, Tooltip } from '@mantine/core'
import { IconBolt, IconGauge, IconTrendingUp } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { formatNumber } from '../../lib/format'
import { usePlans } from './queries'
import { ViewPlansLink } from '../../shared/ViewPlansLink'

export interface RateLimitIndicatorProps {
  plan: string
  used: number
  limit: number
  burst: number
  resetSeconds: number
  live?: boolean
  /** Requests refused with 429 in the same minute: shown apart, never counted as use of the limit. */
  refused?: number
  /** No live figure to show (offline): the numbers read "—", not 0. */
  unknown?: boolean
}

export type UsageLevel = 'ok' | 'elevated' | 'high' | 'critical'

export function usageLevel(pct: number): UsageLevel {
  if (pct > 95) return 'critical'
  if (pct > 80) return 'high'
  if (pct >= 60) return 'elevated'
  return 'ok'
}

const LEVEL_COLOR: Record<UsageLevel, string> = { ok: 'teal', elevated: 'yellow', high: 'orange', critical: 'red' }

export const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s)

/**
 * Counts down from resetSeconds once a second to zero (the allowance is full
 * again then), starting over with each new value from the platform.
 */
function useCountdown(resetSeconds: number): number {
  const start = Math.max(0, Math.round(resetSeconds))
  const [state, setState] = useState({ from: start, left: start })
  // A new value from the parent restarts the countdown (adjusted during render,
  // React's recommended way to reset state on a prop change).
  if (state.from !== start) setState({ from: start, left: start })
  useEffect(() => {
    const id = setInterval(() => {
      setState((s) => (s.left > 0 ? { ...s, left: s.left - 1 } : s))
    }, 1000)
    return () => clearInterval(id)
  }, [start])
  return state.left
}

export default function RateLimitIndicator({ plan, used, limit, burst, resetSeconds, live, refused = 0, unknown }: RateLimitIndicatorProps) {
  const left = useCountdown(unknown ? 0 : resetSeconds)
  const pct = !unknown && limit > 0 ? Math.round((used / limit) * 100) : 0
  const level = usageLevel(pct)
  const color = LEVEL_COLOR[level]
  // What an upgrade would give: Go's plans (backend/apikey).
  const next = usePlans()?.find((p) => p.name === plan.toLowerCase())?.next

  return (
    <Card data-testid="rate-limit-indicator" h="100%">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="sm" wrap="nowrap">
            <ThemeIcon variant="light" size="lg" radius="md">
              <IconGauge size={20} />
            </ThemeIcon>
            <div>
              <Text fw={600}>Rate limit</Text>
              <Text size="xs" c="dimmed">
                Requests per minute, all keys
              </Text>
            </div>
          </Group>
          {live && (
            <Tooltip label="Updated every second from the platform's live stream">
              <Badge color="teal" variant="dot" style={{ flexShrink: 0 }}>
                Live
              </Badge>
            </Tooltip>
          )}
        </Group>

        <Text
          fz={26}
          fw={700}
          lh={1.1}
          style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
          data-testid="rate-limit-usage"
        >
          {unknown ? `— / ${formatNumber(limit)}` : `${formatNumber(used)} / ${formatNumber(limit)} (${pct}%)`}
        </Text>
        {!unknown && refused > 0 && (
          <Text size="sm" c="red" fw={500} mt={-8} data-testid="rate-limit-refused">
            + {formatNumber(refused)} refused (429) in the last minute
          </Text>
        )}

        <Progress
          value={Math.min(100, pct)}
          color={color}
          size="lg"
          radius="xl"
          aria-label={unknown ? 'Rate limit usage unknown' : `Rate limit usage ${pct}%`}
          data-level={level}
        />

        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="rate-limit-reset">
            {unknown ? 'Not known offline' : left > 0 ? `Resets in ${left} ${left === 1 ? 'second' : 'seconds'}` : 'Burst fully available'}
          </Text>
          <Badge color="brand" variant="light" tt="none" style={{ flexShrink: 0 }}>
            {capitalise(plan)} plan
          </Badge>
        </Group>

        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconBolt size={16} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0, marginTop: 2 }} />
          <Text size="sm" c="dimmed">
            Burst: up to {formatNumber(burst)} requests at once
          </Text>
        </Group>

        {pct > 80 && (
          <Alert
            color={level === 'critical' ? 'red' : 'orange'}
            variant="light"
            icon={<IconTrendingUp size={18} />}
            title={`You are using ${pct}% of your plan's limit`}
            data-testid="upgrade-prompt"
          >
            {next
              ? `Upgrade plan for higher limits: ${capitalise(next.name)} allows ${formatNumber(next.per_minute)} requests per minute.`
              : 'Upgrade plan for higher limits: contact PenguinMails sales for a custom limit.'}{' '}
            <ViewPlansLink />
          </Alert>
        )}
      </Stack>
    </Card>
  )
}
