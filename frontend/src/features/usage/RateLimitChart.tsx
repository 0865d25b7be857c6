// Peak requests per minute against the plan's limit, with lines at 80 % and
// 95 %, and what happened: how often the limit was exceeded, the peak and when.
import { Alert, Card, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react'
import { useMemo } from 'react'
import type { RateLimitPoint, UsageSummary } from '../../api/types.gen'
import { formatNumber, whenLabel } from '../../lib/format'
import TimeSeriesChart, { type ChartSeries } from './TimeSeriesChart'

export function rateLimitEvents(points: RateLimitPoint[], summary: UsageSummary) {
  let peak: RateLimitPoint | null = null
  for (const p of points) if (!peak || p.peak_rpm > peak.peak_rpm) peak = p
  const limit = points.length ? points[points.length - 1].limit : 0
  return { exceeded: summary.rate_limited_count, peak, limit }
}

export default function RateLimitChart({ points, summary, rangeWords }: { points: RateLimitPoint[]; summary: UsageSummary; rangeWords: string }) {
  const { x, lines, limit } = useMemo(() => {
    const x = points.map((p) => Date.parse(p.t) / 1000)
    const lines: ChartSeries[] = [{ label: 'Peak rpm', color: '#7950f2', values: points.map((p) => p.peak_rpm), fill: true, width: 2 }]
    return { x, lines, limit: points.length ? points[points.length - 1].limit : 0 }
  }, [points])
  const ev = rateLimitEvents(points, summary)
  const thresholds = limit
    ? [
        { value: limit * 0.8, label: `80% · ${formatNumber(Math.round(limit * 0.8))}`, color: '#f59f00' },
        { value: limit * 0.95, label: `95% · ${formatNumber(Math.round(limit * 0.95))}`, color: '#fa5252' },
      ]
    : []
  const times = ev.exceeded === 1 ? 'once' : `${formatNumber(ev.exceeded)} times`
  return (
    <Card data-testid="ratelimit-chart">
      <Group justify="space-between" mb="xs" align="flex-start">
        <div>
          <Text fw={600}>Rate limit</Text>
          <Text size="xs" c="dimmed">
            Peak requests per minute{limit ? ` against the limit of ${formatNumber(limit)}` : ''}
          </Text>
        </div>
      </Group>
      {points.length > 0 && <TimeSeriesChart x={x} series={lines} height={200} thresholds={thresholds} ariaLabel="Peak requests per minute with 80% and 95% lines" />}
      <Alert
        mt="sm"
        variant="light"
        color={ev.exceeded > 0 ? 'orange' : 'teal'}
        icon={ev.exceeded > 0 ? <IconAlertTriangle size={18} /> : <IconCircleCheck size={18} />}
        data-testid="ratelimit-events"
      >
        <Text size="sm" fw={600}>
          {ev.exceeded > 0 ? `Rate limit exceeded ${times} ${rangeWords}` : `Rate limit never exceeded ${rangeWords}`}
        </Text>
        {ev.peak && ev.peak.peak_rpm > 0 && (
          <Text size="sm" c="dimmed">
            Peak {formatNumber(ev.peak.peak_rpm)} requests / min
            {limit ? ` (${Math.round((ev.peak.peak_rpm / limit) * 100)}% of the limit)` : ''} at {whenLabel(ev.peak.t)}
          </Text>
        )}
      </Alert>
    </Card>
  )
}
