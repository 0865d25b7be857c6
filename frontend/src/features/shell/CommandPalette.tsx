// The command palette (Ctrl/Cmd+K, in the window and in a browser): type to
// jump to a screen, a key (by name or id) or an endpoint of the API docs,
// or to run an action (create a key, export, about). Arrow keys move,
// Enter goes, Escape closes.
import { Badge, Group, Kbd, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { getDocs } from '../docs/queries'
import { listKeys } from '../keys/queries'
import type { Key } from '../../api/types.gen'
import { useNav } from '../../nav'
import { openAbout } from '../settings/AboutDialog'
import { NAV_ITEMS } from './AppShellLayout'
import { allEndpoints, type Endpoint } from '../docs/openapi'

export interface PaletteItem {
  id: string
  group: 'Screens' | 'Actions' | 'Keys' | 'Endpoints'
  label: string
  detail?: string
  run: () => void
}

/** Items whose label or detail hold every word of the query, in order of
 *  the groups, at most limit of them. */
export function filterItems(items: PaletteItem[], query: string, limit = 50): PaletteItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const hits = items.filter((it) => {
    const text = `${it.label} ${it.detail ?? ''}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
  return hits.slice(0, limit)
}

export interface CommandPaletteProps {
  onExport: () => void
}

export default function CommandPalette({ onExport }: CommandPaletteProps) {
  const { navigate } = useNav()
  const [opened, setOpened] = useState(false)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const [keys, setKeys] = useState<Key[]>([])
  const [endpoints, setEndpoints] = useState<Endpoint[]>([])
  const list = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        setOpened((o) => !o)
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  // Fresh keys and the document each time it opens (keys are never cached).
  useEffect(() => {
    if (!opened) return
    setQuery('')
    setActive(0)
    listKeys({ status: 'all' }).then(
      (l) => setKeys(l.api_keys),
      () => setKeys([]),
    )
    getDocs().then(
      (d) => setEndpoints(allEndpoints(d.spec)),
      () => setEndpoints([]),
    )
  }, [opened])

  const items = useMemo<PaletteItem[]>(() => {
    const close = (f: () => void) => () => {
      setOpened(false)
      f()
    }
    return [
      ...NAV_ITEMS.map((n) => ({ id: `screen:${n.page}`, group: 'Screens' as const, label: n.label, run: close(() => navigate(n.page)) })),
      { id: 'action:create', group: 'Actions', label: 'Create API Key…', run: close(() => navigate('keys', { create: '1' })) },
      { id: 'action:export', group: 'Actions', label: 'Export…', detail: 'usage and errors as JSON or CSV', run: close(onExport) },
      { id: 'action:about', group: 'Actions', label: 'About', detail: 'version and commit', run: close(openAbout) },
      ...keys.map((k) => ({
        id: `key:${k.key_id}`,
        group: 'Keys' as const,
        label: k.name,
        detail: `${k.key_id} · ${k.masked_key} · ${k.status}`,
        run: close(() => navigate('keys', { key_id: k.key_id })),
      })),
      ...endpoints.map((e) => ({
        id: `endpoint:${e.id}`,
        group: 'Endpoints' as const,
        label: e.id,
        detail: e.op.summary ?? '',
        run: close(() => navigate('docs', { endpoint: e.id })),
      })),
    ]
  }, [keys, endpoints, navigate, onExport])

  const shown = useMemo(() => filterItems(items, query), [items, query])
  useEffect(() => setActive(0), [query])
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [active])

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((a) => Math.min(a + 1, shown.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      shown[active]?.run()
    }
  }

  return (
    <Modal opened={opened} onClose={() => setOpened(false)} withCloseButton={false} size="lg" padding="xs" yOffset="12vh" title={null}>
      <Stack gap="xs">
        <TextInput
          data-autofocus
          aria-label="Search screens, keys and endpoints"
          placeholder="Go to a screen, a key or an endpoint…"
          leftSection={<IconSearch size={16} />}
          rightSection={<Kbd size="xs">Esc</Kbd>}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onInputKey}
        />
        <ScrollArea.Autosize mah="50vh" type="auto">
          <div ref={list} role="listbox" aria-label="Results">
            {shown.length === 0 && (
              <Text size="sm" c="dimmed" p="sm">
                Nothing matches “{query}”.
              </Text>
            )}
            {shown.map((it, i) => (
              <UnstyledButton
                key={it.id}
                role="option"
                aria-selected={i === active}
                data-index={i}
                onMouseEnter={() => setActive(i)}
                onClick={it.run}
                w="100%"
                px="sm"
                py={6}
                style={{ borderRadius: 6, background: i === active ? 'var(--mantine-color-default-hover)' : undefined }}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {it.label}
                    </Text>
                    {it.detail && (
                      <Text size="xs" c="dimmed" truncate>
                        {it.detail}
                      </Text>
                    )}
                  </div>
                  <Badge size="xs" variant="light" color="gray">
                    {it.group}
                  </Badge>
                </Group>
              </UnstyledButton>
            ))}
          </div>
        </ScrollArea.Autosize>
      </Stack>
    </Modal>
  )
}
