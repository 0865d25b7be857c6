// A warning for every active key that expires within the next 7 days, with a
// way straight to rotating it (SPEC §5: the reminder emails say the same).
import { Alert, Anchor, Stack, Text } from '@mantine/core'
import { IconClockExclamation } from '@tabler/icons-react'
import type { Key } from '../api/types'
import { daysUntil, formatDateTime } from '../lib/format'
import { useNav } from '../nav'

export const EXPIRY_WARNING_DAYS = 7

/** Active keys whose expiry falls between now and 7 days from now, soonest first. */
export function keysExpiringSoon(keys: Key[], now: number = Date.now()): Key[] {
  return keys
    .filter((k) => {
      const d = daysUntil(k.expires_at, now)
      return k.status === 'active' && d !== null && d >= 0 && d <= EXPIRY_WARNING_DAYS
    })
    .sort((a, b) => Date.parse(a.expires_at!) - Date.parse(b.expires_at!))
}

function inWords(days: number): string {
  if (days < 1) {
    const h = Math.max(1, Math.round(days * 24))
    return `in ${h} ${h === 1 ? 'hour' : 'hours'}`
  }
  const d = Math.round(days)
  return `in ${d} ${d === 1 ? 'day' : 'days'}`
}

export default function ExpiryWarnings({ keys, now = Date.now() }: { keys: Key[]; now?: number }) {
  const { navigate } = useNav()
  const soon = keysExpiringSoon(keys, now)
  if (soon.length === 0) return null
  return (
    <Stack gap="xs" data-testid="expiry-warnings">
      {soon.map((k) => (
        <Alert
          key={k.key_id}
          color="orange"
          variant="light"
          icon={<IconClockExclamation size={18} />}
          title={`"${k.name}" expires ${inWords(daysUntil(k.expires_at, now)!)}`}
        >
          <Text size="sm">
            It stops working on {formatDateTime(k.expires_at)}. Rotate it now and move your applications to the new
            secret; the old one keeps working for the grace you choose (24 hours unless you pick another).{' '}
            <Anchor component="button" type="button" size="sm" fw={600} onClick={() => navigate('keys', { key_id: k.key_id })}>
              Rotate Key
            </Anchor>
          </Text>
        </Alert>
      ))}
    </Stack>
  )
}
