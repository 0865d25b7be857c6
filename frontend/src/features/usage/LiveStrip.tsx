// The last few minutes, live: one tick a second from the platform's websocket
// (through the Go side), drawn as requests, errors and 429s per second, with
// the current requests per minute against the limit. "Errors" are client and
// server errors, as everywhere; a 429 is counted apart, never as both.
import { Badge, Card, Group, SimpleGrid, Text, Tooltip } from '@mantine/core'
import { useMemo } from 'react'
import type { LiveMessage } from '../../api/types.gen'
import type { LiveState } from './queries'
import { formatMs, formatNumber } from '../../lib/format'
import TimeSeriesChart, { type ChartSeries } from './TimeSeriesChart'
import Empty from '../../shared/Empty'

const STATE_BADGE: Record<string, { color: string; label: string }> = {
  live: { color: 'teal', label: 'Live' },
  reconnecting: { color: 'yellow', label: 'Reconnecting…' },
  offline: { color: 'gray', label: 'Offline' },
}

function Figure({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} fz="lg" c={color} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </Text>
    </div>
  )
}

export default function LiveStrip({ ticks, state, note }: { ticks: LiveMessage[]; state: LiveState; note?: string }) {
  const last = ticks.length ? ticks[ticks.length - 1] : null
  const badge = STATE_BADGE[state.state] ?? STATE_BADGE.offline
  const { x, lines, total, errors, limited } = useMemo(() => {
    const x = ticks.map((m) => Date.parse(m.t) / 1000)
    const lines: ChartSeries[] = [
      { label: 'Requests / s', color: '#0ea5e9', values: ticks.map((m) => m.requests ?? 0), fill: true, width: 1.5 },
      { label: 'Errors / s', color: '#fa5252', values: ticks.map((m) => m.errors ?? 0), width: 1.5 },
      { label: '429 / s', color: '#fd7e14', values: ticks.map((m) => m.rate_limited ?? 0), width: 1.5 },
    ]
    const total = ticks.reduce((n, m) => n + (m.requests ?? 0), 0)
    const errors = ticks.reduce((n, m) => n + (m.errors ?? 0), 0)
    const limited = ticks.reduce((n, m) => n + (m.rate_limited ?? 0), 0)
    return { x, lines, total, errors, limited }
  }, [ticks])
  const span = ticks.length > 1 ? Math.round(x[x.length - 1] - x[0]) : 0
  const spanWords = span >= 90 ? `${Math.round(span / 60)} minutes` : `${span} second${span === 1 ? '' : 's'}`
  const rpm = last?.rpm ?? 0
  const limit = last?.limit ?? 0
  // Not connected: the current figures are unknown, so "—" rather than a 0
  // that reads as "no traffic" (the strip's own counts stay, they are history).
  const now = state.state === 'live' && last !== null
  const dash = (v: string) => (now ? v : '—')
  return (
    <Card data-testid="live-strip" data-live-state={state.state}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="sm">
          <Text fw={600}>Live</Text>
          <Tooltip
            label={
              state.state === 'live'
                ? 'Connected to the platform\'s live stream'
                : state.error
                  ? `${state.error}${state.retry_in_ms ? ` — retrying in ${Math.ceil(state.retry_in_ms / 1000)} s` : ''}`
                  : 'Not connected to the live stream'
            }
          >
            <Badge color={badge.color} variant="dot" data-testid="live-state">
              {badge.label}
            </Badge>
          </Tooltip>
          {note && (
            <Text size="xs" c="dimmed" data-testid="live-note">
              {note}
            </Text>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {span ? `Last ${spanWords}, one point a second` : 'Waiting for the first ticks…'}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" mb="xs">
        <Figure label="Requests / min" value={dash(formatNumber(rpm))} testId="live-rpm" />
        <Figure label="Limit used" value={limit ? dash(`${Math.round((rpm / limit) * 100)}%`) : '—'} testId="live-pct" color={now && limit && rpm / limit > 0.8 ? 'orange' : undefined} />
        <Figure label="Remaining burst" value={last ? dash(formatNumber(last.remaining ?? 0)) : '—'} testId="live-remaining" />
        <Figure label="Requests, this strip" value={formatNumber(total)} testId="live-total" />
        <Figure label="Errors, this strip" value={formatNumber(errors)} testId="live-errors" color={errors ? 'red' : undefined} />
        <Figure label="Rate limited (429), this strip" value={formatNumber(limited)} testId="live-limited" color={limited ? 'orange' : undefined} />
      </SimpleGrid>
      {ticks.length > 1 ? (
        <TimeSeriesChart x={x} series={lines} height={140} xMinSpan={60} ariaLabel="Requests, errors and 429s per second, live" testId="live-chart" />
      ) : (
        <Empty py="md">
          {state.state === 'live' ? 'Collecting…' : 'The live stream is not connected; the figures above resume when it is.'}
          {last?.avg_latency_ms ? ` Average ${formatMs(last.avg_latency_ms)}.` : ''}
        </Empty>
      )}
    </Card>
  )
}
