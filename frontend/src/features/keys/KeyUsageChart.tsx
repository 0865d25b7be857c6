// 30 days of a key's requests as bars: errors (4xx and 5xx) in red at the
// bottom, 429s in orange above them, successful requests on top. A 429 is
// counted apart, as everywhere, never inside the successful part. Thirty bars
// need no charting library: a plain SVG scales with the card and themes via CSS vars.
import { Group, Text } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import type { DayUsage } from '../../api/types.gen'
import { dayMonth, formatNumber } from '../../lib/format'

const H = 150
const PAD_L = 36
const PAD_B = 18
const PAD_T = 8
const LIMITED = 'var(--mantine-color-orange-5)'

function niceMax(v: number): number {
  if (v <= 4) return 4
  const p = 10 ** Math.floor(Math.log10(v))
  const m = [1, 2, 2.5, 5, 10].find((x) => x * p >= v) ?? 10
  return m * p
}

/**
 * The days whose date is written under the bars: the first, the middle and
 * the last, each once (with one or two days they coincide).
 */
function labelled(n: number): number[] {
  return n === 0 ? [] : [...new Set([0, Math.floor((n - 1) / 2), n - 1])]
}

export function KeyUsageChart({ days }: { days: DayUsage[] }) {
  // Drawn at the container's real pixel width so labels keep their size.
  const { ref, width } = useElementSize()
  const W = Math.max(width, 240)
  const total = days.reduce((s, d) => s + d.requests, 0)
  const errors = days.reduce((s, d) => s + d.errors, 0)
  const limited = days.reduce((s, d) => s + (d.rate_limited ?? 0), 0)
  const max = niceMax(Math.max(0, ...days.map((d) => d.requests)))
  const n = Math.max(days.length, 1)
  const slot = (W - PAD_L) / n
  const bar = Math.max(2, slot * 0.7)
  const y = (v: number) => PAD_T + (H - PAD_B - PAD_T) * (1 - v / max)
  return (
    <div>
      <Group gap="lg" mb={4}>
        <Text size="sm">
          <Text span fw={700}>
            {formatNumber(total)}
          </Text>{' '}
          {total === 1 ? 'request' : 'requests'} in 30 days
        </Text>
        <Group gap={6}>
          <span style={{ width: 10, height: 10, borderRadius: 2, background: 'var(--mantine-color-brand-5)', display: 'inline-block' }} />
          <Text size="xs" c="dimmed">
            Successful
          </Text>
          <span style={{ width: 10, height: 10, borderRadius: 2, background: 'var(--mantine-color-red-5)', display: 'inline-block', marginLeft: 8 }} />
          <Text size="xs" c="dimmed" data-testid="key-usage-errors">
            Errors ({formatNumber(errors)})
          </Text>
          <span style={{ width: 10, height: 10, borderRadius: 2, background: LIMITED, display: 'inline-block', marginLeft: 8 }} />
          <Text size="xs" c="dimmed" data-testid="key-usage-limited">
            Rate limited, 429 ({formatNumber(limited)})
          </Text>
        </Group>
      </Group>
      <div ref={ref} style={{ width: '100%' }}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Requests per day for the last ${days.length} days`} style={{ display: 'block' }}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD_L} x2={W} y1={y(max * f)} y2={y(max * f)} stroke="var(--mantine-color-default-border)" strokeDasharray={f === 0 ? undefined : '3 3'} />
            <text x={PAD_L - 6} y={y(max * f) + 4} textAnchor="end" fontSize="10" fill="var(--mantine-color-dimmed)">
              {formatNumber(Math.round(max * f))}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD_L + i * slot + (slot - bar) / 2
          const l = d.rate_limited ?? 0
          const failed = d.errors + l
          return (
            <g key={d.date}>
              <title>{`${dayMonth(d.date)}: ${formatNumber(d.requests)} requests, ${formatNumber(d.errors)} errors, ${formatNumber(l)} rate limited (429)`}</title>
              <rect x={x} y={y(d.requests)} width={bar} height={Math.max(0, y(failed) - y(d.requests))} rx={1.5} fill="var(--mantine-color-brand-5)" data-part="success" />
              <rect x={x} y={y(failed)} width={bar} height={Math.max(0, y(d.errors) - y(failed))} fill={LIMITED} data-part="limited" />
              <rect x={x} y={y(d.errors)} width={bar} height={Math.max(0, H - PAD_B - y(d.errors))} fill="var(--mantine-color-red-5)" data-part="errors" />
              {d.requests === 0 && <rect x={x} y={H - PAD_B - 1} width={bar} height={1} fill="var(--mantine-color-default-border)" />}
            </g>
          )
        })}
        {labelled(days.length).map((i) => (
          <text key={days[i].date} x={i === 0 ? PAD_L : i === days.length - 1 ? W : PAD_L + i * slot + slot / 2} y={H - 4} textAnchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'} fontSize="10" fill="var(--mantine-color-dimmed)">
            {dayMonth(days[i].date)}
          </text>
        ))}
      </svg>
      </div>
    </div>
  )
}
