// IP restriction: one address or CIDR per line, each checked as it is typed;
// the error names the bad entry.
import { Textarea } from '@mantine/core'
import { splitAllowList, validateAllowList } from '../../lib/validate'

export interface AllowListInputProps {
  value: string
  onChange: (text: string) => void
  /** An error from the platform, shown when the text itself looks fine. */
  serverError?: string | null
  disabled?: boolean
}

export function AllowListInput({ value, onChange, serverError, disabled }: AllowListInputProps) {
  const problem = validateAllowList(splitAllowList(value))
  return (
    <Textarea
      label="IP restriction"
      description="Only requests from these addresses will be accepted. One IPv4/IPv6 address or CIDR range per line; leave empty to allow any IP."
      placeholder={'203.0.113.0/24\n198.51.100.5'}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={problem ?? serverError ?? undefined}
      autosize
      minRows={3}
      maxRows={8}
      disabled={disabled}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
    />
  )
}
