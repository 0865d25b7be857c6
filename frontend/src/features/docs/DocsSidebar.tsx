// The docs browser's sidebar: search, "Getting started", then each tag's
// endpoints.
import { Box, CloseButton, Group, NavLink, ScrollArea, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle, IconGauge, IconHistory, IconKey, IconPackage, IconSearch, IconWebhook } from '@tabler/icons-react'
import { useMemo, useState, type ReactNode } from 'react'
import type { OpenAPIDoc } from './queries'
import { GUIDES, type GuideId } from './guide'
import MethodBadge from '../../shared/MethodBadge'
import { endpointsByTag, searchEndpoints, tagGroupsOf, type Endpoint } from './openapi'

export type DocsSelection = { kind: 'guide'; id: GuideId } | { kind: 'endpoint'; id: string }

const guideIcons = { authentication: IconKey, 'rate-limiting': IconGauge, errors: IconAlertTriangle, sdks: IconPackage, webhooks: IconWebhook, changelog: IconHistory }

export default function DocsSidebar({
  doc,
  selected,
  onSelect,
  history,
}: {
  doc: OpenAPIDoc
  selected: DocsSelection
  onSelect: (s: DocsSelection) => void
  /** The tester's history, offered as a second tab when given. */
  history?: ReactNode
}) {
  const [q, setQ] = useState('')
  const [tab, setTab] = useState<'endpoints' | 'history'>('endpoints')
  const groups = useMemo(() => endpointsByTag(doc), [doc])
  // The public API (API keys) and the platform API (session) apart.
  const tagGroups = useMemo(() => tagGroupsOf(doc), [doc])
  const results = useMemo(() => (q.trim() ? searchEndpoints(doc, q) : null), [doc, q])

  const item = (e: Endpoint) => (
    <NavLink
      key={e.id}
      active={selected.kind === 'endpoint' && selected.id === e.id}
      onClick={() => onSelect({ kind: 'endpoint', id: e.id })}
      data-endpoint={e.id}
      py={5}
      label={
        <Group gap={8} wrap="nowrap">
          <MethodBadge method={e.method} />
          <Text size="sm" truncate="end" title={e.op.summary ?? e.path}>
            {e.op.summary ?? e.path}
          </Text>
        </Group>
      }
      // Full text colour when active: dimmed grey on the active tint is under 4.5:1.
      description={
        <Text size="xs" ff="monospace" c={selected.kind === 'endpoint' && selected.id === e.id ? undefined : 'dimmed'} truncate="end" pl={66}>
          {e.path}
        </Text>
      }
    />
  )

  const switcher = history ? (
    <SegmentedControl
      fullWidth
      size="xs"
      value={tab}
      onChange={(v) => setTab(v as 'endpoints' | 'history')}
      data={[
        { value: 'endpoints', label: 'Endpoints' },
        { value: 'history', label: 'History' },
      ]}
      data-testid="sidebar-tabs"
    />
  ) : null

  if (history && tab === 'history') {
    return (
      <Stack gap={6} h="100%">
        {switcher}
        <Box style={{ flex: 1, minHeight: 0 }}>{history}</Box>
      </Stack>
    )
  }

  return (
    <Stack gap={6} h="100%">
      {switcher}
      <TextInput
        placeholder="Search endpoints"
        aria-label="Search endpoints"
        leftSection={<IconSearch size={15} />}
        rightSection={q ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setQ('')} /> : null}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <ScrollArea
        style={{ flex: 1 }}
        offsetScrollbars
        type="auto"
        // Reachable by keyboard: Tab onto the list, then the arrow keys scroll it.
        viewportProps={{ tabIndex: 0, 'aria-label': 'API endpoints and guides' } as React.ComponentProps<'div'>}
      >
        {results ? (
          <Box>
            <Text size="xs" c="dimmed" px="sm" py={6}>
              {results.length === 0 ? `No endpoint matches “${q}”` : `${results.length} endpoint${results.length === 1 ? '' : 's'}`}
            </Text>
            {results.map(item)}
          </Box>
        ) : (
          <Box>
            <SectionLabel>Getting started</SectionLabel>
            {GUIDES.map((g) => {
              const Icon = guideIcons[g.id]
              return (
                <NavLink
                  key={g.id}
                  py={6}
                  label={g.title}
                  leftSection={<Icon size={16} stroke={1.6} />}
                  active={selected.kind === 'guide' && selected.id === g.id}
                  onClick={() => onSelect({ kind: 'guide', id: g.id })}
                />
              )
            })}
            {tagGroups.map((tg) => (
              <Box key={tg.name} mt="md" data-tag-group={tg.name} role="group" aria-label={tg.name || undefined}>
                {tg.name && <GroupLabel>{tg.name}</GroupLabel>}
                {groups
                  .filter((g) => tg.tags.includes(g.tag))
                  .map((g) => (
                    <Box key={g.tag} mt="sm">
                      <SectionLabel>{g.tag}</SectionLabel>
                      {g.endpoints.map(item)}
                    </Box>
                  ))}
              </Box>
            ))}
          </Box>
        )}
      </ScrollArea>
    </Stack>
  )
}

function GroupLabel({ children }: { children: React.ReactNode }) {
  return (
    <Text size="sm" fw={700} px="sm" pt={6} pb={2} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      {children}
    </Text>
  )
}

function SectionLabel({ children }: { children: React.ReactNode }) {
  return (
    <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt={4} pb={2} style={{ letterSpacing: 0.4 }}>
      {children}
    </Text>
  )
}
