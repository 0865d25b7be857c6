// Parameters and body fields: name with a required mark, type, description.
import { Badge, Box, Code, Group, Table, Text } from '@mantine/core'
import type { ReactNode } from 'react'

export interface FieldRow {
  name: string
  depth?: number
  location?: string
  type: string
  required: boolean
  description?: string
  constraints?: string[]
}

export default function FieldTable({ rows, showLocation, empty }: { rows: FieldRow[]; showLocation?: boolean; empty?: ReactNode }) {
  if (!rows.length) return <Text size="sm" c="dimmed">{empty ?? 'None.'}</Text>
  return (
    <Table withTableBorder verticalSpacing={8} fz="sm" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="32%">Name</Table.Th>
          {showLocation && <Table.Th w={70}>In</Table.Th>}
          <Table.Th w="22%">Type</Table.Th>
          <Table.Th>Description</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.location ?? ''}:${r.name}`}>
            <Table.Td>
              <Group gap={6} wrap="nowrap" pl={(r.depth ?? 0) * 14}>
                <Code style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} title={r.name}>
                  {r.depth ? r.name.split('.').pop() : r.name}
                </Code>
                {r.required ? (
                  <Badge size="xs" color="red" variant="light" radius="sm">
                    required
                  </Badge>
                ) : (
                  <Text size="xs" c="dimmed">
                    optional
                  </Text>
                )}
              </Group>
            </Table.Td>
            {showLocation && (
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {r.location}
                </Text>
              </Table.Td>
            )}
            <Table.Td>
              <Text size="xs" ff="monospace" c="brand" style={{ wordBreak: 'break-word' }}>
                {r.type}
              </Text>
            </Table.Td>
            <Table.Td>
              <Box>
                {r.description && <Text size="sm">{r.description}</Text>}
                {r.constraints && r.constraints.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {r.constraints.join(' · ')}
                  </Text>
                )}
              </Box>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
