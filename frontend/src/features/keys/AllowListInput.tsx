// IP restriction: one address or CIDR per line. Once the user has left the
// field (or tried to go on), every bad entry is named, one per line.
import { Textarea } from '@mantine/core'
import { useState } from 'react'

export interface AllowListInputProps {
  value: string
  onChange: (text: string) => void
  /** Go's problems with the entries, one per line (app Keys.Check), if any. */
  problem?: string
  /** An error from the platform, shown when the text itself looks fine. */
  serverError?: string | null
  disabled?: boolean
  /** Show problems even if the field was never left (the user pressed Next). */
  showErrors?: boolean
}

export function AllowListInput({ value, onChange, problem: checked, serverError, disabled, showErrors }: AllowListInputProps) {
  const [left, setLeft] = useState(false)
  const problem = left || showErrors ? checked : undefined
  return (
    <Textarea
      label="IP restriction"
      description="Only requests from these addresses will be accepted. One IPv4/IPv6 address or CIDR range per line; leave empty to allow any IP."
      placeholder={'203.0.113.0/24\n198.51.100.5'}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => setLeft(true)}
      error={problem ?? serverError ?? undefined}
      autosize
      minRows={3}
      maxRows={8}
      disabled={disabled}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' }, error: { whiteSpace: 'pre-line' } }}
    />
  )
}
