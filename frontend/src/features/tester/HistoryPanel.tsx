// Past requests, newest first: searchable, each reopens into the tester,
// and the whole history can be cleared. Keys in it are masked.
import { ActionIcon, Badge, Box, Button, Group, Popover, ScrollArea, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconHistory, IconSearch, IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { errorMessage } from '../../api/errors'
import { clearHistory, type HistorySummary, useHistory } from './queries'
import MethodBadge from '../../shared/MethodBadge'
import { statusColor } from '../docs/EndpointView'
import { formatMs, shortAgo } from '../../lib/format'


function shortUrl(u: string): string {
  try {
    const url = new URL(u, 'http://x')
    return url.pathname + url.search
  } catch {
    return u
  }
}

export default function HistoryPanel({ onOpen, activeId }: { onOpen: (h: HistorySummary) => void; activeId?: string }) {
  const [q, setQ] = useState('')
  const [dq] = useDebouncedValue(q, 200)
  const { data, error, mutate } = useHistory(dq)
  const [confirm, setConfirm] = useState(false)
  const [clearError, setClearError] = useState<string | null>(null)

  return (
    <Stack gap="xs" data-testid="history">
      <Group justify="space-between">
        <Group gap={6}>
          <IconHistory size={16} />
          <Text fw={600} size="sm">
            History
          </Text>
        </Group>
        <Popover opened={confirm} onChange={setConfirm} position="bottom-end" withArrow>
          <Popover.Target>
            <Tooltip label="Clear history">
              <ActionIcon variant="subtle" color="gray" aria-label="Clear history" onClick={() => setConfirm((c) => !c)} disabled={!data?.length}>
                <IconTrash size={15} />
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown>
            <Text size="sm" mb="xs">
              Delete every saved request?
            </Text>
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setConfirm(false)}>
                Keep
              </Button>
              <Button
                size="xs"
                color="red"
                onClick={async () => {
                  // A failure is said, not left as an unhandled rejection with the popover open.
                  try {
                    await clearHistory()
                    setClearError(null)
                  } catch (e) {
                    setClearError(errorMessage(e))
                  }
                  setConfirm(false)
                  mutate()
                }}
              >
                Clear history
              </Button>
            </Group>
          </Popover.Dropdown>
        </Popover>
      </Group>
      <TextInput
        size="xs"
        placeholder="Search history"
        aria-label="Search history"
        leftSection={<IconSearch size={13} />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {(error || clearError) && (
        <Text size="xs" c="red">
          {clearError ?? errorMessage(error)}
        </Text>
      )}
      <ScrollArea.Autosize mah={520} type="auto">
        <Stack gap={2}>
          {data?.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md">
              {dq ? 'No request matches.' : 'Requests you send appear here.'}
            </Text>
          )}
          {data?.map((h) => (
            <UnstyledButton
              key={h.id}
              onClick={() => onOpen(h)}
              p={6}
              data-history-id={h.id}
              style={{
                borderRadius: 'var(--mantine-radius-sm)',
                background: h.id === activeId ? 'var(--mantine-color-default-hover)' : undefined,
              }}
            >
              <Group gap={6} wrap="nowrap">
                <MethodBadge method={h.method} size="xs" w={46} />
                <Text size="xs" ff="monospace" truncate="end" style={{ flex: 1 }} title={h.url}>
                  {shortUrl(h.url)}
                </Text>
                {h.error ? (
                  <Badge size="xs" color="red" variant="light" radius="sm">
                    failed
                  </Badge>
                ) : (
                  <Badge size="xs" color={statusColor(h.status)} variant="light" radius="sm">
                    {h.status}
                  </Badge>
                )}
              </Group>
              <Box pl={52}>
                <Text size="10px" c="dimmed">
                  {shortAgo(h.at)}
                  {!h.error && ` · ${formatMs(h.total_ms, 2)}`}
                  {h.key_masked && ` · ${h.key_masked}`}
                </Text>
              </Box>
            </UnstyledButton>
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Stack>
  )
}
