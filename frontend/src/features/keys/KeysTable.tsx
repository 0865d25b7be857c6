// The compact view of the keys: one row per key with what the cards show
// (name, masked key, key id, environment, status, permissions, IP
// restriction, last used, expiry, requests) and the same actions, in a menu.
// Wide tables scroll sideways inside their frame rather than clipping.
import { ActionIcon, Badge, Code, Collapse, Group, Menu, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core'
import { IconChartBar, IconChevronDown, IconChevronUp, IconDots, IconEdit, IconFlask, IconRefresh, IconTrash } from '@tabler/icons-react'
import { Fragment, type ReactNode } from 'react'
import type { Key } from '../../api/types.gen'
import { formatDate, formatNumber, relativeTime } from '../../lib/format'
import { IPRestrictionBadge, KeyIdCopy, StatusBadge } from './APIKeyCard'
import type { KeyActionHandlers } from './KeyActions'

export interface KeysTableProps {
  keys: Key[]
  mayChange: (k: Key) => boolean
  expanded: Set<string>
  handlers: (k: Key) => KeyActionHandlers
  /** What opens under a row when its details are shown. */
  details: (k: Key) => ReactNode
}

export function KeysTable({ keys, mayChange, expanded, handlers, details }: KeysTableProps) {
  return (
    // relative: the visually hidden "Actions" header (absolutely placed) must
    // be clipped by this frame, not stretch the whole page sideways.
    <Table.ScrollContainer minWidth={1180} type="native" style={{ position: 'relative' }}>
      <Table verticalSpacing={6} highlightOnHover data-testid="keys-table" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Key ID</Table.Th>
            <Table.Th>Env</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Permissions</Table.Th>
            <Table.Th>IP restriction</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th ta="right">Rate limit</Table.Th>
            <Table.Th ta="right">Requests</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => {
            const h = handlers(k)
            const open = expanded.has(k.key_id)
            return (
              <Fragment key={k.key_id}>
                <Table.Tr data-testid="key-row" data-key-id={k.key_id} tabIndex={-1}>
                  <Table.Td maw={200}>
                    <Text size="sm" fw={600} truncate title={k.name} c={k.status === 'active' ? undefined : 'dimmed'}>
                      {k.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ whiteSpace: 'nowrap', textDecoration: k.status === 'revoked' ? 'line-through' : undefined }}>{k.masked_key}</Code>
                  </Table.Td>
                  <Table.Td maw={170}>
                    <KeyIdCopy keyId={k.key_id} />
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={k.environment === 'live' ? 'brand' : 'grape'} variant="light" style={{ minWidth: 'max-content' }}>
                      {k.environment === 'live' ? 'Live' : 'Test'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {/* max-content: a squeezed column must not cut "Active" to "AC…" */}
                    <div style={{ minWidth: 'max-content' }}>
                      <StatusBadge keyItem={k} />
                    </div>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={k.permissions.join(', ') || 'None'} multiline maw={320}>
                      <Text size="sm" span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="perm-count">
                        {k.permissions.includes('full_access') ? 'Full access' : formatNumber(k.permissions.length)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <div style={{ minWidth: 'max-content' }}>
                      <IPRestrictionBadge keyItem={k} showAny />
                    </div>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{relativeTime(k.last_used)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(k.expires_at, 'Never')}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="key-rate-limit">
                    {formatNumber(k.rate_limit)}/min · burst {formatNumber(k.burst)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatNumber(k.request_count)}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap" justify="flex-end">
                      <Tooltip label={open ? 'Hide details' : 'Details'}>
                        <ActionIcon variant="subtle" color="gray" onClick={h.onToggle} aria-label={`${open ? 'Hide details' : 'Details'} of ${k.name}`}>
                          {open ? <IconChevronUp size={16} /> : <IconChevronDown size={16} />}
                        </ActionIcon>
                      </Tooltip>
                      <RowMenu keyItem={k} readOnly={!mayChange(k)} {...h} />
                    </Group>
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr>
                    <Table.Td colSpan={12} p={0}>
                      <Collapse expanded>{details(k)}</Collapse>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function RowMenu({ keyItem: k, readOnly, onEdit, onRotate, onRevoke, onUsage, onTester }: KeyActionHandlers & { keyItem: Key; readOnly: boolean }) {
  const revoked = k.status === 'revoked'
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${k.name}`}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {!readOnly && !revoked && (
          <>
            <Menu.Item leftSection={<IconEdit size={14} />} onClick={onEdit}>
              Edit Key
            </Menu.Item>
            {k.status === 'active' && (
              <Menu.Item leftSection={<IconRefresh size={14} />} onClick={onRotate}>
                Rotate Key
              </Menu.Item>
            )}
            <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={onRevoke}>
              Revoke Key
            </Menu.Item>
            <Menu.Divider />
          </>
        )}
        <Menu.Item leftSection={<IconChartBar size={14} />} onClick={onUsage}>
          View Usage
        </Menu.Item>
        {!revoked && (
          <Menu.Item leftSection={<IconFlask size={14} />} onClick={onTester}>
            Try in Tester
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  )
}
