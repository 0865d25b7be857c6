// File → Export… (the window's menu) and "Export…" in the command palette:
// the usage of a range as JSON or CSV, or its errors as CSV, saved through
// the native Save dialog in the window and as a download in a browser.
import { Button, Group, Modal, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useState } from 'react'
import { errorMessage } from '../../api/errors'
import { downloadFile, exportErrorsCSV, exportSnapshot, getUsage, type UsageRange } from '../usage/queries'
import { ErrorAlert } from '../../shared/ErrorMessage'

export interface ExportDialogProps {
  opened: boolean
  onClose: () => void
}

type What = 'usage-json' | 'usage-csv' | 'errors-csv'

const RANGES: { value: UsageRange; label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
]

export default function ExportDialog({ opened, onClose }: ExportDialogProps) {
  const [range, setRange] = useState<UsageRange>('24h')
  const [busy, setBusy] = useState<What | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = async (what: What) => {
    setBusy(what)
    setError(null)
    try {
      if (what === 'errors-csv') {
        await exportErrorsCSV({ range })
      } else {
        const view = await getUsage({ range })
        await downloadFile(await exportSnapshot(view.snapshot_id, what === 'usage-json' ? 'json' : 'csv'))
      }
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(null)
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700}>Export</Text>} centered size="md">
      <Stack>
        <SegmentedControl aria-label="Range" value={range} onChange={(v) => setRange(v as UsageRange)} data={RANGES} fullWidth />
        {error && (
          <ErrorAlert role="alert">
            {error}
          </ErrorAlert>
        )}
        <Group grow>
          <Button leftSection={<IconDownload size={16} />} variant="default" loading={busy === 'usage-json'} disabled={!!busy} onClick={() => run('usage-json')}>
            Usage (JSON)
          </Button>
          <Button leftSection={<IconDownload size={16} />} variant="default" loading={busy === 'usage-csv'} disabled={!!busy} onClick={() => run('usage-csv')}>
            Usage (CSV)
          </Button>
          <Button leftSection={<IconDownload size={16} />} variant="default" loading={busy === 'errors-csv'} disabled={!!busy} onClick={() => run('errors-csv')}>
            Errors (CSV)
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
