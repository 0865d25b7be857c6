// The buttons under each key card. Support staff get only the read-only ones.
import { Button, Group } from '@mantine/core'
import { IconChartBar, IconChevronDown, IconChevronUp, IconEdit, IconFlask, IconRefresh, IconTrash } from '@tabler/icons-react'
import type { Key } from '../../api/types.gen'

/** What a key's actions do; the cards and the table share them. */
export interface KeyActionHandlers {
  onToggle: () => void
  onEdit: () => void
  onRotate: () => void
  onRevoke: () => void
  onUsage: () => void
  onTester: () => void
}

export interface KeyActionsProps extends KeyActionHandlers {
  keyItem: Key
  readOnly: boolean
  expanded: boolean
}

export function KeyActions({ keyItem: k, readOnly, expanded, onToggle, onEdit, onRotate, onRevoke, onUsage, onTester }: KeyActionsProps) {
  const revoked = k.status === 'revoked'
  return (
    <Group justify="space-between" w="100%" gap="xs">
      <Group gap="xs">
        {!readOnly && !revoked && (
          <>
            <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={onEdit}>
              Edit Key
            </Button>
            {k.status === 'active' && (
              <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={onRotate}>
                Rotate Key
              </Button>
            )}
            <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={onRevoke}>
              Revoke Key
            </Button>
          </>
        )}
        <Button size="xs" variant="subtle" leftSection={<IconChartBar size={14} />} onClick={onUsage}>
          View Usage
        </Button>
        {!revoked && (
          <Button size="xs" variant="subtle" leftSection={<IconFlask size={14} />} onClick={onTester}>
            Try in Tester
          </Button>
        )}
      </Group>
      <Button
        size="xs"
        variant="subtle"
        color="gray"
        rightSection={expanded ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
        onClick={onToggle}
        aria-expanded={expanded}
      >
        {expanded ? 'Hide details' : 'Details'}
      </Button>
    </Group>
  )
}
