// The latest failed requests, and the whole error log as a CSV file.
import { Anchor, Badge, Button, Card, Group, Table, Text, Tooltip } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useState } from 'react'
import type { RecentError } from '../../api/types.gen'
import { useNav } from '../../nav'
import { shortDateTime } from '../../lib/format'
import { statusColor } from '../../shared/statusColor'
import MethodBadge from '../../shared/MethodBadge'
import PathText from '../../shared/PathText'

export default function RecentErrors({
  errors,
  keyNames,
  onExport,
  exporting,
}: {
  errors: RecentError[]
  keyNames: Record<string, string>
  onExport: () => void
  exporting: boolean
}) {
  const [all, setAll] = useState(false)
  const { navigate } = useNav()
  const rows = errors.slice(0, all ? 100 : 10)
  return (
    <Card data-testid="recent-errors">
      <Group justify="space-between" mb="xs">
        <div>
          <Text fw={600}>Recent errors</Text>
          <Text size="xs" c="dimmed">
            {errors.length > rows.length ? `The latest ${rows.length} of ${errors.length}` : 'The latest failed requests'}
          </Text>
        </div>
        <Button variant="default" size="xs" leftSection={<IconDownload size={14} />} onClick={onExport} loading={exporting}>
          Export CSV
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          No errors in this range.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing={6} fz="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Request</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>Key and IP</Table.Th>
                <Table.Th>Log</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e, i) => (
                <Table.Tr key={e.at + i} data-testid="error-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{shortDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    <Badge color={statusColor(e.status)} variant="light" radius="sm">
                      {e.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td miw={200}>
                    {/* A long path wraps before a slash rather than widen the table past its card. */}
                    <Group gap={6} wrap="nowrap">
                      <MethodBadge method={e.method} />
                      <Text span size="sm" ff="monospace">
                        <PathText path={e.endpoint} />
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text ff="monospace" size="xs" c="dimmed">
                      {e.error}
                    </Text>
                    <Tooltip label={e.message} disabled={!e.message} multiline w={320}>
                      {/* The cap is on the text itself: a table cell grows to its nowrap content otherwise. */}
                      <Text size="sm" truncate maw={240}>
                        {e.message}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    {e.key_id ? keyNames[e.key_id] ?? e.key_id : <Text c="dimmed">—</Text>}
                    <Text ff="monospace" fz="xs" c="dimmed">
                      {e.ip}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {e.request_id ? (
                      <Anchor component="button" type="button" size="xs" onClick={() => navigate('logs', { request_id: e.request_id! })} data-testid="error-log-link">
                        View request
                      </Anchor>
                    ) : (
                      <Text c="dimmed" title="No request log entry for this error">
                        —
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {errors.length > 10 && (
        <Group justify="center" mt="xs">
          <Button variant="subtle" size="xs" onClick={() => setAll((a) => !a)}>
            {all ? 'Show fewer' : `Show ${Math.min(100, errors.length) - 10} more`}
          </Button>
        </Group>
      )}
    </Card>
  )
}
