// Shown while a snapshot from the history is on screen: what it is, compare
// it with the newest snapshot of the same range, export it, or go back.
import { Alert, Button, Group, Table, Text } from '@mantine/core'
import { IconArrowBackUp, IconFileTypeCsv, IconHistory, IconJson } from '@tabler/icons-react'
import type { UsageSummary } from '../../api/types.gen'
import type { SnapshotView } from './queries'
import { ageWords, formatMs, formatNumber, formatPercent, shortDateTime } from '../../lib/format'
import { snapshotRangeLabel } from './words'

const ROWS: { label: string; get: (s: UsageSummary) => number; fmt: (v: number) => string }[] = [
  { label: 'Total requests', get: (s) => s.total_requests, fmt: formatNumber },
  { label: 'Success rate', get: (s) => s.success_rate, fmt: (v) => formatPercent(v) },
  { label: 'Average response time', get: (s) => s.avg_latency_ms, fmt: (v) => formatMs(v) },
  { label: 'Rate limit usage', get: (s) => s.rate_limit_usage_pct, fmt: (v) => formatPercent(v, 0) },
  { label: 'Peak requests / min', get: (s) => s.peak_rpm, fmt: formatNumber },
  { label: 'Rate-limited requests', get: (s) => s.rate_limited_count, fmt: formatNumber },
]

export function SnapshotCompare({ snap, newest }: { snap: SnapshotView; newest: SnapshotView }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4} fz="sm" data-testid="snapshot-compare">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">This snapshot ({shortDateTime(snap.fetched_at)})</Table.Th>
            <Table.Th ta="right">Newest ({shortDateTime(newest.fetched_at)})</Table.Th>
            <Table.Th ta="right">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ROWS.map((r) => {
            const a = r.get(snap.data.summary)
            const b = r.get(newest.data.summary)
            const d = b - a
            const same = r.fmt(Math.abs(d)) === r.fmt(0)
            return (
              <Table.Tr key={r.label}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td ta="right">{r.fmt(a)}</Table.Td>
                <Table.Td ta="right">{r.fmt(b)}</Table.Td>
                <Table.Td ta="right" c={same ? 'dimmed' : undefined}>
                  {same ? 'same' : `${d > 0 ? '+' : '−'}${r.fmt(Math.abs(d))}`}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

export default function SnapshotBar({
  snap,
  newest,
  comparing,
  onCompare,
  onExport,
  onBack,
  onHistory,
  keyName,
}: {
  snap: SnapshotView
  newest: SnapshotView | null
  comparing: boolean
  onCompare: () => void
  onExport: (format: 'csv' | 'json') => void
  onBack: () => void
  onHistory: () => void
  keyName?: string
}) {
  const isNewest = newest?.id === snap.id
  return (
    <Alert color="brand" variant="light" icon={<IconHistory size={20} />} data-testid="snapshot-bar" title={`Snapshot from ${shortDateTime(snap.fetched_at)} (${ageWords(snap.age_seconds)})`}>
      <Text size="sm" mb="xs">
        {snapshotRangeLabel(snap.range)}
        {snap.key_id ? ` · key ${keyName ?? snap.key_id}` : ' · all keys'} · as the platform answered then.
      </Text>
      <Group gap="xs">
        <Button size="xs" variant={comparing ? 'filled' : 'default'} onClick={onCompare} disabled={!newest || isNewest}>
          {isNewest ? 'This is the newest' : comparing ? 'Hide comparison' : 'Compare with newest'}
        </Button>
        <Button size="xs" variant="default" leftSection={<IconFileTypeCsv size={14} />} onClick={() => onExport('csv')}>
          Export CSV
        </Button>
        <Button size="xs" variant="default" leftSection={<IconJson size={14} />} onClick={() => onExport('json')}>
          Export JSON
        </Button>
        <Button size="xs" variant="default" leftSection={<IconHistory size={14} />} onClick={onHistory}>
          Pick another
        </Button>
        <Button size="xs" variant="subtle" leftSection={<IconArrowBackUp size={14} />} onClick={onBack}>
          Back to current data
        </Button>
      </Group>
      {comparing && newest && !isNewest && (
        <div style={{ marginTop: 12 }}>
          <SnapshotCompare snap={snap} newest={newest} />
        </div>
      )}
    </Alert>
  )
}
