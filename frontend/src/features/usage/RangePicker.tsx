// Last Hour / 24 Hours / 7 Days / 30 Days, or a custom range.
import { Button, Group, Popover, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { UsageRange } from './queries'
import { RANGE_LABEL } from './words'

export interface RangeValue {
  range: UsageRange
  from?: string
  to?: string
}

const SHORT: Record<UsageRange, string> = { '1h': '1H', '24h': '24H', '7d': '7D', '30d': '30D', custom: 'Custom' }

// datetime-local wants "YYYY-MM-DDTHH:MM" in local time.
const toLocalInput = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

export default function RangePicker({ value, onChange }: { value: RangeValue; onChange: (v: RangeValue) => void }) {
  const [open, setOpen] = useState(false)
  const [from, setFrom] = useState(() => toLocalInput(new Date(Date.now() - 6 * 3600_000)))
  const [to, setTo] = useState(() => toLocalInput(new Date()))
  const [error, setError] = useState('')
  const apply = () => {
    const f = new Date(from)
    const t = new Date(to)
    if (isNaN(f.getTime()) || isNaN(t.getTime())) return setError('Pick a start and an end')
    if (f >= t) return setError('The end must be after the start')
    setError('')
    setOpen(false)
    onChange({ range: 'custom', from: f.toISOString(), to: t.toISOString() })
  }
  return (
    // withRoles off: the target is a plain wrapper around the range control,
    // where aria-haspopup/aria-expanded are not allowed (axe: aria-allowed-attr).
    <Popover opened={open} onChange={setOpen} position="bottom-end" shadow="md" withArrow withRoles={false}>
      <Popover.Target>
        <div>
          <SegmentedControl
            aria-label="Range"
            value={value.range}
            onChange={(v) => {
              if (v === 'custom') setOpen(true)
              else onChange({ range: v as UsageRange })
            }}
            data={(Object.keys(RANGE_LABEL) as UsageRange[]).map((r) => ({
              value: r,
              label: (
                <span
                  title={RANGE_LABEL[r]}
                  aria-label={RANGE_LABEL[r]}
                  // Clicking Custom while it is already chosen changes nothing,
                  // so onChange never fires: reopen the dates from here.
                  onClick={r === 'custom' && value.range === 'custom' ? () => setOpen(true) : undefined}
                >
                  {SHORT[r]}
                </span>
              ),
            }))}
          />
        </div>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={260}>
          <Text size="sm" fw={600}>
            Custom range
          </Text>
          <TextInput type="datetime-local" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={error || undefined} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button size="xs" onClick={apply}>
              Apply
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

export { toLocalInput }
