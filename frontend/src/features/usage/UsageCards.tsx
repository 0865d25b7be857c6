// The four headline cards: total requests, success rate, average response
// time, rate limit usage. Live ticks add to the total without a refetch.
import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon, Tooltip } from '@mantine/core'
import { IconActivity, IconCircleCheck, IconClock, IconGauge } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { UsageSummary } from '../../api/types.gen'
import { formatMs, formatNumber, formatPercent } from '../../lib/format'
import { successColor } from '../../shared/statusColor'

function StatCard(props: { label: string; value: string; hint: ReactNode; icon: ReactNode; color: string; testId: string; extra?: ReactNode }) {
  // The extra (a live badge) sits on the hint line, so a narrow card never truncates it.
  return (
    <Card data-testid={props.testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
            {props.label}
          </Text>
          <Text fz={28} fw={700} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`${props.testId}-value`}>
            {props.value}
          </Text>
          <Group gap={6} mt={2} wrap="wrap">
            <Text size="xs" c="dimmed">
              {props.hint}
            </Text>
            {props.extra}
          </Group>
        </div>
        <ThemeIcon variant="light" color={props.color} size={38} radius="md">
          {props.icon}
        </ThemeIcon>
      </Group>
    </Card>
  )
}

const failedWords = (n: number) => `${formatNumber(n)} failed request${n === 1 ? '' : 's'}`

export default function UsageCards({ summary, liveExtra, rangeWords }: { summary: UsageSummary; liveExtra: number; rangeWords: string }) {
  const total = summary.total_requests + liveExtra
  const rl = summary.rate_limit_usage_pct
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="md">
      <StatCard
        testId="card-total"
        label="Total requests"
        value={formatNumber(total)}
        hint={rangeWords}
        icon={<IconActivity size={20} />}
        color="brand"
        extra={
          liveExtra > 0 ? (
            <Tooltip label="Requests seen on the live stream since this data was fetched">
              <Badge size="xs" variant="light" color="teal" data-testid="card-total-live">
                +{formatNumber(liveExtra)} live
              </Badge>
            </Tooltip>
          ) : undefined
        }
      />
      <StatCard
        testId="card-success"
        label="Success rate"
        value={summary.total_requests ? formatPercent(summary.success_rate) : '—'}
        hint={failedWords(Math.round((summary.total_requests * (100 - summary.success_rate)) / 100))}
        icon={<IconCircleCheck size={20} />}
        color={summary.total_requests ? successColor(summary.success_rate) : 'teal'}
      />
      <StatCard
        testId="card-latency"
        label="Average response time"
        value={summary.total_requests ? formatMs(summary.avg_latency_ms) : '—'}
        hint={summary.total_requests ? `p95 ${formatMs(summary.p95_latency_ms)}` : 'no requests yet'}
        icon={<IconClock size={20} />}
        color="violet"
      />
      <StatCard
        testId="card-ratelimit"
        label="Rate limit usage"
        value={formatPercent(rl, 0)}
        hint={`peak ${formatNumber(summary.peak_rpm)} requests / min`}
        icon={<IconGauge size={20} />}
        color={rl > 95 ? 'red' : rl > 80 ? 'orange' : 'teal'}
      />
    </SimpleGrid>
  )
}
