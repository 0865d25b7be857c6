// Chooses a key's permissions from the platform's catalog: grouped by
// category, dangerous scopes marked in red, and the catalog's presets.
import { Alert, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { PermissionCatalog } from '../../api/types.gen'
import { usePresets } from './rules'

export interface PermissionMatrixProps {
  catalog: PermissionCatalog
  value: string[]
  onChange: (value: string[]) => void
  error?: string | null
  disabled?: boolean
  /** The user may not grant dangerous permissions (developers): they are shown but locked. */
  lockDangerous?: boolean
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

export function PermissionMatrix({ catalog, value, onChange, error, disabled, lockDangerous }: PermissionMatrixProps) {
  const selected = new Set(value)
  const all = catalog.categories.flatMap((c) => c.permissions)
  const dangerousChosen = all.filter((p) => p.dangerous && selected.has(p.id))
  // Keep the catalog's order so the value reads the same however it was built.
  const ordered = (set: Set<string>) => all.map((p) => p.id).filter((id) => set.has(id))

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected)
    if (on) next.add(id)
    else next.delete(id)
    onChange(ordered(next))
  }
  const locked = (id: string) => !!lockDangerous && all.some((p) => p.id === id && p.dangerous)
  const toggleCategory = (ids: string[], on: boolean) => {
    const next = new Set(selected)
    ids = ids.filter((id) => !on || !locked(id))
    ids.forEach((id) => (on ? next.add(id) : next.delete(id)))
    onChange(ordered(next))
  }

  // The presets' names and order are Go's (backend/apikey); what each one
  // holds is the platform's catalog's, which the key is checked against.
  const presets = (usePresets() ?? []).filter((p) => catalog.presets[p.id])

  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500} mr="xs">
          Presets
        </Text>
        {presets.map(({ id, label }) => {
          const perms = catalog.presets[id]
          const active = sameSet(perms, value)
          return (
            <Button
              key={id}
              size="xs"
              radius="xl"
              variant={active ? 'filled' : 'light'}
              color={perms.some((p) => all.some((x) => x.id === p && x.dangerous)) ? 'red' : undefined}
              onClick={() => onChange(ordered(new Set(perms)))}
              disabled={disabled || perms.some(locked)}
              aria-pressed={active}
            >
              {label}
            </Button>
          )
        })}
        <Button size="xs" radius="xl" variant="subtle" color="gray" onClick={() => onChange([])} disabled={disabled || value.length === 0}>
          Clear
        </Button>
        <Text size="xs" c="dimmed" ml="auto">
          {value.length} of {all.length} selected
        </Text>
      </Group>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {catalog.categories.map((cat) => {
          const ids = cat.permissions.map((p) => p.id)
          const count = ids.filter((id) => selected.has(id)).length
          const catDangerous = cat.permissions.some((p) => p.dangerous)
          return (
            <Paper
              key={cat.id}
              withBorder
              p="sm"
              radius="md"
              style={catDangerous ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}
              data-category={cat.id}
            >
              <Group justify="space-between" mb={6}>
                <Checkbox
                  label={
                    <Text fw={600} size="sm" c={catDangerous ? 'red' : undefined}>
                      {cat.label}
                    </Text>
                  }
                  checked={count === ids.length}
                  indeterminate={count > 0 && count < ids.length}
                  onChange={(e) => toggleCategory(ids, e.currentTarget.checked)}
                  disabled={disabled || ids.every(locked)}
                  aria-label={`All ${cat.label} permissions`}
                />
                {catDangerous && (
                  <Badge color="red" variant="light" size="xs" leftSection={<IconAlertTriangle size={10} />}>
                    Dangerous
                  </Badge>
                )}
              </Group>
              <Stack gap={6} pl="lg">
                {cat.permissions.map((p) => (
                  <Tooltip key={p.id} label={p.description} openDelay={400} multiline w={260} disabled={!p.description}>
                    <Checkbox
                      size="xs"
                      color={p.dangerous ? 'red' : undefined}
                      checked={selected.has(p.id)}
                      onChange={(e) => toggle(p.id, e.currentTarget.checked)}
                      disabled={disabled || (locked(p.id) && !selected.has(p.id))}
                      data-dangerous={p.dangerous || undefined}
                      label={
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" c={p.dangerous ? 'red' : undefined} fw={p.dangerous ? 600 : undefined}>
                            {p.label}
                          </Text>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {p.id}
                          </Text>
                          {p.dangerous && <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" aria-label="dangerous" />}
                        </Group>
                      }
                    />
                  </Tooltip>
                ))}
              </Stack>
            </Paper>
          )
        })}
      </SimpleGrid>

      {lockDangerous && (
        <Text size="xs" c="dimmed">
          Only tenant admins can grant the dangerous permissions.
        </Text>
      )}
      {dangerousChosen.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="Dangerous permissions">
          {dangerousChosen.map((p) => p.label).join(', ')}{' '}
          {dangerousChosen.length === 1 ? 'gives' : 'give'} this key control over your account. Only grant{' '}
          {dangerousChosen.length === 1 ? 'it' : 'them'} to keys kept on servers you trust.
        </Alert>
      )}
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  )
}

export default PermissionMatrix
