// Rows of name/value pairs (query parameters, headers), each switchable off.
import { ActionIcon, Button, Checkbox, Group, PasswordInput, Stack, TextInput } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { isCredentialHeader } from './draft'

export interface KV {
  name: string
  value: string
  enabled: boolean
}

export default function KeyValueEditor({
  rows,
  onChange,
  namePlaceholder,
  addLabel,
}: {
  rows: KV[]
  onChange: (rows: KV[]) => void
  namePlaceholder: string
  addLabel: string
}) {
  const set = (i: number, patch: Partial<KV>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  return (
    <Stack gap={6}>
      {rows.map((r, i) => (
        <Group key={i} gap={6} wrap="nowrap">
          <Checkbox
            checked={r.enabled}
            onChange={(e) => set(i, { enabled: e.currentTarget.checked })}
            aria-label={`Send ${r.name || 'this row'}`}
          />
          <TextInput
            size="xs"
            style={{ flex: 2 }}
            placeholder={namePlaceholder}
            value={r.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          {/* A credential is masked on screen (shown on request) and sent as written. */}
          {isCredentialHeader(r.name) ? (
            <PasswordInput
              size="xs"
              style={{ flex: 3 }}
              placeholder="value"
              aria-label={`${r.name} value`}
              value={r.value}
              onChange={(e) => set(i, { value: e.currentTarget.value })}
              visibilityToggleButtonProps={{ 'aria-label': `Show or hide ${r.name}` }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
          ) : (
            <TextInput
              size="xs"
              style={{ flex: 3 }}
              placeholder="value"
              aria-label={r.name ? `${r.name} value` : 'value'}
              value={r.value}
              onChange={(e) => set(i, { value: e.currentTarget.value })}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
          )}
          <ActionIcon variant="subtle" color="gray" aria-label="Remove" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={12} />}
          onClick={() => onChange([...rows, { name: '', value: '', enabled: true }])}
        >
          {addLabel}
        </Button>
      </Group>
    </Stack>
  )
}
