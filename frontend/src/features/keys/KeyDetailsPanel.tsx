// A key's expanded details (Keys.Get): 30-day usage by day, top endpoints,
// recent IPs and the audit log. Fetched fresh each time it opens.
import { Badge, Code, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useKeyDetails } from './queries'
import MethodBadge from '../../shared/MethodBadge'
import { formatDateTime, formatNumber, relativeTime } from '../../lib/format'
import { KeyUsageChart } from './KeyUsageChart'
import { SecurityRecommendations } from './SecurityRecommendations'
import type { RecommendationFix } from './recommendations'
import { ErrorAlert } from '../../shared/ErrorMessage'

const AUDIT_COLOR: Record<string, string> = {
  created: 'teal',
  rotated: 'yellow',
  revoked: 'red',
  permissions_changed: 'violet',
  updated: 'blue',
  new_ip: 'gray',
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={5} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  )
}

const Empty = ({ children }: { children: React.ReactNode }) => (
  <Text size="sm" c="dimmed">
    {children}
  </Text>
)

export function KeyDetailsPanel({ keyId, version, onFix }: { keyId: string; version?: string; onFix?: (fix: RecommendationFix) => void }) {
  // version (e.g. the list's last_used) makes the panel refetch when the list changes.
  const { data, error, isLoading } = useKeyDetails(keyId, version)
  if (error) {
    return (
      <ErrorAlert>
        {error.message}
      </ErrorAlert>
    )
  }
  if (isLoading || !data) {
    return (
      <Group justify="center" p="md">
        <Loader size="sm" />
      </Group>
    )
  }
  return (
    <Stack gap="md" data-testid="key-details">
      <SecurityRecommendations keyItem={data} now={Date.now()} onFix={onFix} />
      <Section title="Usage, last 30 days">
        {data.usage_by_day.length ? <KeyUsageChart days={data.usage_by_day} /> : <Empty>No requests yet.</Empty>}
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Section title="Top endpoints">
          {data.top_endpoints.length ? (
            <Table fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {data.top_endpoints.map((e) => (
                  <Table.Tr key={e.method + e.endpoint}>
                    <Table.Td w={70}>
                      {/* Fixed width, as in the docs: a squeezed cell cut it to "P…". */}
                      <MethodBadge method={e.method} />
                    </Table.Td>
                    <Table.Td>
                      <Code>{e.endpoint}</Code>
                    </Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatNumber(e.requests)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Empty>No requests yet.</Empty>
          )}
        </Section>
        <Section title="Recent IPs">
          {data.recent_ips.length ? (
            <Table fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {data.recent_ips.map((ip) => (
                  <Table.Tr key={ip.ip}>
                    <Table.Td>
                      <Code>{ip.ip}</Code>
                    </Table.Td>
                    <Table.Td c="dimmed">{relativeTime(ip.last_seen)}</Table.Td>
                    <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatNumber(ip.requests)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Empty>No requests yet.</Empty>
          )}
          <Text size="xs" c="dimmed" mt="sm">
            Allowed:{' '}
            {data.allowed_ips.length ? data.allowed_ips.join(', ') : 'any IP address'}
          </Text>
        </Section>
      </SimpleGrid>
      <Section title="Audit log">
        {data.audit.length ? (
          <Table fz="sm" verticalSpacing={4} data-testid="audit-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Event</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.audit.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Badge variant="light" size="sm" color={AUDIT_COLOR[a.kind] ?? 'gray'} tt="none">
                      {auditLabel(a.kind)}
                    </Badge>
                    {a.kind === 'new_ip' && typeof a.detail?.ip === 'string' ? (
                      <Text span size="xs" c="dimmed" ml={6}>
                        {a.detail.ip}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{a.actor}</Table.Td>
                  <Table.Td c="dimmed">{formatDateTime(a.at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Empty>No events yet.</Empty>
        )}
      </Section>
    </Stack>
  )
}

/** The words for an audit event kind. */
function auditLabel(kind: string): string {
  const labels: Record<string, string> = {
    created: 'Created',
    rotated: 'Rotated',
    revoked: 'Revoked',
    permissions_changed: 'Permissions changed',
    updated: 'Updated',
    new_ip: 'First use from a new IP',
  }
  return labels[kind] ?? kind.replace(/_/g, ' ')
}
