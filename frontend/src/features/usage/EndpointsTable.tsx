// The busiest endpoints of the range. Errors are 4xx and 5xx; 429s have
// their own column (a snapshot stored before that count existed shows "—").
import { Card, Progress, Table, Text } from '@mantine/core'
import type { EndpointStats } from '../../api/types.gen'
import { formatMs, formatNumber, formatPercent } from '../../lib/format'
import MethodBadge from '../../shared/MethodBadge'
import { redWhenBad } from '../../shared/statusColor'

export default function EndpointsTable({ endpoints }: { endpoints: EndpointStats[] }) {
  const rows = [...endpoints].sort((a, b) => b.requests - a.requests).slice(0, 10)
  const max = rows[0]?.requests || 1
  return (
    <Card data-testid="endpoints-table">
      <Text fw={600} mb="xs">
        Top endpoints
      </Text>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No requests in this range.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing={6} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Endpoint</Table.Th>
                <Table.Th ta="right">Requests</Table.Th>
                <Table.Th ta="right">Success</Table.Th>
                <Table.Th ta="right">Avg time</Table.Th>
                <Table.Th ta="right">Errors</Table.Th>
                <Table.Th ta="right">Rate limited</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.method + e.endpoint} data-testid="endpoint-row">
                  <Table.Td>
                    <MethodBadge method={e.method} mr={8} />
                    <Text span ff="monospace" size="sm">
                      {e.endpoint}
                    </Text>
                    <Progress value={(e.requests / max) * 100} size={3} mt={4} color="brand" aria-hidden />
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="endpoint-requests">
                    {formatNumber(e.requests)}
                  </Table.Td>
                  <Table.Td ta="right" c={redWhenBad(e.success_rate)}>
                    {formatPercent(e.success_rate)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMs(e.avg_latency_ms)}
                  </Table.Td>
                  <Table.Td ta="right" c={e.errors > 0 ? 'red' : 'dimmed'}>
                    {formatNumber(e.errors)}
                  </Table.Td>
                  <Table.Td ta="right" c={e.rate_limited ? 'orange' : 'dimmed'} data-testid="endpoint-limited">
                    {e.rate_limited == null ? '—' : formatNumber(e.rate_limited)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}
