// Errors by HTTP status, with their share.
import { Badge, Card, Group, Progress, Stack, Text } from '@mantine/core'
import type { StatusCount } from '../../api/types.gen'
import { formatNumber, formatPercent } from '../../lib/format'
import { statusColor } from '../../shared/statusColor'

const STATUS_WORDS: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  429: 'Rate limited',
  500: 'Server error',
}

export default function ErrorBreakdown({ errors }: { errors: StatusCount[] }) {
  const rows = [...errors].sort((a, b) => b.count - a.count)
  const total = rows.reduce((n, r) => n + r.count, 0)
  return (
    <Card data-testid="error-breakdown" h="100%">
      <Group justify="space-between" mb="xs">
        <Text fw={600}>Errors by status</Text>
        <Text size="sm" c="dimmed">
          {formatNumber(total)} in total
        </Text>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No errors in this range.
        </Text>
      ) : (
        <Stack gap="sm">
          {rows.map((r) => (
            <div key={r.status} data-testid="status-row">
              <Group justify="space-between" gap="xs" mb={4}>
                <Group gap={8}>
                  <Badge color={statusColor(r.status)} variant="light" radius="sm" w={48}>
                    {r.status}
                  </Badge>
                  <Text size="sm">{STATUS_WORDS[r.status] ?? (r.status >= 500 ? 'Server error' : 'Client error')}</Text>
                </Group>
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="status-count">
                  {formatNumber(r.count)}{' '}
                  <Text span c="dimmed" size="xs">
                    ({formatPercent(r.pct)})
                  </Text>
                </Text>
              </Group>
              <Progress value={r.pct} color={statusColor(r.status)} size="sm" aria-label={`${r.status}: ${formatPercent(r.pct)}`} />
            </div>
          ))}
        </Stack>
      )}
    </Card>
  )
}
