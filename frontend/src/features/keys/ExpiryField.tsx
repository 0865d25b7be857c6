// Expiry: never, 30, 90 or 365 days, or a custom date; a past date is refused inline.
import { Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { EXPIRY_OPTIONS, expiresAt, todayISO, type ExpiryChoice } from './expiry'
import { formatDate } from '../../lib/format'
import { useJobSettings } from '../alerts-jobs/queries'

export interface ExpiryFieldProps {
  choice: ExpiryChoice
  date: string
  onChange: (choice: ExpiryChoice, date: string) => void
  /** Go's problem with the custom date (app Keys.Check), if any. */
  problem?: string
  serverError?: string | null
  disabled?: boolean
  /** False while an existing key's date is untouched (it may already be past). */
  validate?: boolean
  /** Say a date is missing even before the date field was left (the user pressed Next). */
  showErrors?: boolean
}

export function ExpiryField({ choice, date, onChange, problem: checked, serverError, disabled, validate = true, showErrors }: ExpiryFieldProps) {
  // An empty date is not an error until the user has left the field or
  // tried to go on: picking "Custom date" must not greet them with one.
  const [left, setLeft] = useState(false)
  const raw = choice === 'custom' && validate ? (checked ?? null) : null
  const problem = raw && (date !== '' || left || showErrors) ? raw : null
  const at = choice === 'never' || raw || (choice === 'custom' && !date) ? undefined : expiresAt(choice, date)
  // The reminder job's own window (Alerts & Jobs → Thresholds & schedules), not a copy of its default.
  const reminderDays = useJobSettings().data?.reminder_days
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Expiry
      </Text>
      <SegmentedControl
        value={choice}
        onChange={(v) => onChange(v as ExpiryChoice, date)}
        data={EXPIRY_OPTIONS}
        disabled={disabled}
        aria-label="Expiry"
      />
      {choice === 'custom' && (
        <TextInput
          type="date"
          label="Expiry date"
          min={todayISO()}
          value={date}
          onChange={(e) => onChange('custom', e.currentTarget.value)}
          onBlur={() => setLeft(true)}
          error={problem ?? serverError ?? undefined}
          disabled={disabled}
          w={220}
        />
      )}
      {choice !== 'custom' && serverError && (
        <Text c="red" size="sm">
          {serverError}
        </Text>
      )}
      <Group gap={4}>
        <Text size="xs" c="dimmed">
          {at ? `The key stops working after ${formatDate(at)}. ${reminderWords(reminderDays)}` : choice === 'never' ? 'The key works until you revoke it.' : ''}
        </Text>
      </Group>
    </Stack>
  )
}

function reminderWords(days: number | undefined): string {
  if (days === undefined) return "You'll get a reminder before then."
  return `You'll get a reminder ${days} ${days === 1 ? 'day' : 'days'} before.`
}
