// A warning for every active key that expires soon (within 7 days), with a
// way straight to extending its expiry: the Edit key dialog opens on Expiry,
// and once saved the key no longer expires soon, so the warning goes. (Rotating
// keeps the expiry, so "Rotate" here would leave the warning up.)
import { Alert, Anchor, Stack, Text } from '@mantine/core'
import { IconClockExclamation } from '@tabler/icons-react'
import type { Key } from '../../api/types.gen'
import { daysUntil, formatDateTime } from '../../lib/format'
import { useContext } from 'react'
import { SessionContext } from '../session/useSession'
import { expiresSoon } from '../keys/expiry'
import { useNav } from '../../nav'

/** Active keys that expire soon (keys/expiry.ts), soonest first. */
export function keysExpiringSoon(keys: Key[], now: number = Date.now()): Key[] {
  return keys
    .filter((k) => expiresSoon(k, now))
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
  const session = useContext(SessionContext)
  const role = session?.user?.role
  // Support is read-only; developers may change only the keys they created.
  const mayExtend = (k: Key) => !!role && role !== 'support' && (role !== 'developer' || k.created_by === session?.user?.email)
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
            It stops working on {formatDateTime(k.expires_at)}.{' '}
            {mayExtend(k) ? (
              <>
                Extend its expiry to keep your applications running.{' '}
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  fw={600}
                  onClick={() => navigate('keys', { edit: k.key_id, section: 'expiry' })}
                >
                  Extend expiry
                </Anchor>
              </>
            ) : (
              <>
                Ask an admin to extend it.{' '}
                <Anchor component="button" type="button" size="sm" fw={600} onClick={() => navigate('keys', { key_id: k.key_id })}>
                  View key
                </Anchor>
              </>
            )}
          </Text>
        </Alert>
      ))}
    </Stack>
  )
}
