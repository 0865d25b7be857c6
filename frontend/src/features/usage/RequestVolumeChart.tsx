// Requests over the range: total, successful, errors (client and server) and
// rate limited (429, counted apart), per minute, hour or day.
import { Card, Group, Text } from '@mantine/core'
import { useMemo } from 'react'
import type { SeriesPoint } from '../../api/types.gen'
import TimeSeriesChart, { type ChartSeries } from './TimeSeriesChart'

export default function RequestVolumeChart({ series, granularity }: { series: SeriesPoint[]; granularity: string }) {
  const { x, lines } = useMemo(() => {
    const x = series.map((p) => Date.parse(p.t) / 1000)
    const lines: ChartSeries[] = [
      { label: 'Total', color: '#0ea5e9', values: series.map((p) => p.total), fill: true, width: 2 },
      { label: 'Success', color: '#12b886', values: series.map((p) => p.success) },
      { label: 'Errors', color: '#fa5252', values: series.map((p) => p.client_errors + p.server_errors) },
      { label: 'Rate limited', color: '#fd7e14', values: series.map((p) => p.rate_limited) },
    ]
    return { x, lines }
  }, [series])
  return (
    <Card data-testid="volume-chart">
      <Group justify="space-between" mb="xs">
        <div>
          <Text fw={600}>Request volume</Text>
          <Text size="xs" c="dimmed">
            Requests per {granularity || 'minute'}
          </Text>
        </div>
      </Group>
      {series.length === 0 ? (
        <Text c="dimmed" size="sm" py="xl" ta="center">
          No requests in this range.
        </Text>
      ) : (
        <TimeSeriesChart x={x} series={lines} height={240} ariaLabel="Request volume: total, success, errors and rate limited" />
      )}
    </Card>
  )
}
