// Usage per key; a row filters the whole screen to that key.
import { Anchor, Card, Group, Table, Text, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import type { KeyUsage } from '../../api/types.gen'
import { formatNumber, formatPercent, relativeTime } from '../../lib/format'
import { redWhenBad } from '../../shared/statusColor'

export default function KeyUsageTable({ keys, selected, onSelect }: { keys: KeyUsage[]; selected: string; onSelect: (keyId: string) => void }) {
  const [q, setQ] = useState('')
  const needle = q.trim().toLowerCase()
  const rows = [...keys]
    .sort((a, b) => b.requests - a.requests)
    .filter((k) => !needle || k.name.toLowerCase().includes(needle) || k.key_id.toLowerCase().includes(needle))
  return (
    <Card data-testid="key-usage">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600}>Usage per key</Text>
        <TextInput
          size="xs"
          placeholder="Filter keys"
          aria-label="Filter keys"
          leftSection={<IconSearch size={14} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={200}
        />
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {keys.length === 0 ? 'No key made requests in this range.' : 'No key matches the filter.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table verticalSpacing={6} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th ta="right">Requests</Table.Th>
                <Table.Th ta="right">Success</Table.Th>
                <Table.Th ta="right">Last used</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((k) => (
                <Table.Tr key={k.key_id} data-testid="key-row" bg={k.key_id === selected ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" fw={500} onClick={() => onSelect(k.key_id === selected ? '' : k.key_id)}>
                      {k.name || k.key_id}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace" truncate maw={200} title={k.key_id}>
                      {k.key_id}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="key-requests">
                    {formatNumber(k.requests)}
                  </Table.Td>
                  <Table.Td ta="right" c={redWhenBad(k.success_rate)}>
                    {formatPercent(k.success_rate)}
                  </Table.Td>
                  <Table.Td ta="right" c="dimmed" fz="sm">
                    {relativeTime(k.last_used)}
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
