// The snapshot history browser: pick a date and time, see the snapshots kept
// up to then (newest first), open one. Works offline: it reads the console's
// own store.
import { Badge, Button, Drawer, Group, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import { IconHistory } from '@tabler/icons-react'
import { useState } from 'react'
import { type SnapshotMeta, useSnapshots } from './queries'
import { toLocalInput } from './RangePicker'
import { snapshotRangeLabel } from './words'
import { ageWords, shortDateTime } from '../../lib/format'
import { useJobSettings } from '../alerts-jobs/queries'

const SHOWN = 200

export default function SnapshotHistory({
  opened,
  onClose,
  onOpen,
  currentId,
  keyNames,
}: {
  opened: boolean
  onClose: () => void
  onOpen: (s: SnapshotMeta) => void
  currentId?: string
  keyNames: Record<string, string>
}) {
  // null is "now": the list stays open-ended, so snapshots fetched after the
  // screen opened (every minute, by the jobs) are listed too. A picked time pins it.
  const [at, setAt] = useState<string | null>(null)
  const toIso = (() => {
    if (at === null) return ''
    const d = new Date(at)
    return isNaN(d.getTime()) ? '' : new Date(d.getTime() + 59_999).toISOString()
  })()
  const { data, error, isLoading } = useSnapshots(opened, toIso)
  const list = (data ?? []).slice(0, SHOWN)
  // The retention job's own setting (Alerts & Jobs → Thresholds & schedules).
  const keptDays = useJobSettings().data?.retention_days
  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title={<Group gap="xs"><IconHistory size={18} /><Text fw={600}>Snapshot history</Text></Group>}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Every usage answer the console fetched is kept here
          {keptDays === undefined ? '' : ` for ${keptDays} ${keptDays === 1 ? 'day' : 'days'} (the retention set under Alerts & Jobs)`}, readable without the
          platform.
        </Text>
        <Group align="flex-end" gap="xs">
          <TextInput type="datetime-local" label="Snapshots up to" value={at ?? toLocalInput(new Date())} onChange={(e) => setAt(e.currentTarget.value)} style={{ flex: 1 }} data-testid="history-at" />
          <Button variant="default" onClick={() => setAt(null)}>
            Now
          </Button>
        </Group>
        {error && (
          <Text c="red" size="sm">
            {error.message}
          </Text>
        )}
        {!isLoading && list.length === 0 && !error && (
          <Text size="sm" c="dimmed" py="md">
            No snapshots up to this time.
          </Text>
        )}
        <ScrollArea.Autosize mah="calc(100vh - 220px)">
          <Stack gap={4} data-testid="history-list">
            {list.map((s) => (
              <UnstyledButton
                key={s.id}
                onClick={() => onOpen(s)}
                data-testid="history-item"
                data-fetched-at={s.fetched_at}
                p="xs"
                style={{
                  borderRadius: 8,
                  border: '1px solid var(--mantine-color-default-border)',
                  background: s.id === currentId ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {shortDateTime(s.fetched_at, true)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ageWords((Date.now() - Date.parse(s.fetched_at)) / 1000)}
                    </Text>
                  </div>
                  <Group gap={6} wrap="nowrap">
                    <Badge variant="light" radius="sm">
                      {snapshotRangeLabel(s.range)}
                    </Badge>
                    {s.key_id && (
                      <Badge variant="outline" color="gray" radius="sm">
                        {keyNames[s.key_id] ?? s.key_id}
                      </Badge>
                    )}
                  </Group>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
        {(data?.length ?? 0) > SHOWN && (
          <Text size="xs" c="dimmed">
            The {SHOWN} newest up to this time are shown; pick an earlier time for older ones.
          </Text>
        )}
      </Stack>
    </Drawer>
  )
}
