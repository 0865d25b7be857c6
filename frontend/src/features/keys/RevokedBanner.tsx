// What turns a revoked key's card red: a red ring around the card and a red
// banner inside it saying since when requests with it are refused.
import type { ReactNode } from 'react'
import { Alert, Box } from '@mantine/core'
import { IconBan } from '@tabler/icons-react'
import type { Key } from '../../api/types.gen'
import { formatDateTime } from '../../lib/format'

export function RevokedBanner({ keyItem }: { keyItem: Key }) {
  if (keyItem.status !== 'revoked') return null
  return (
    <Alert color="red" variant="light" icon={<IconBan size={18} />} p="xs" data-testid="revoked-banner">
      Revoked {keyItem.revoked_at ? `on ${formatDateTime(keyItem.revoked_at)}` : ''}. Every request using this key is refused.
    </Alert>
  )
}

export function RevokedFrame({ keyItem, children }: { keyItem: Key; children: ReactNode }) {
  const revoked = keyItem.status === 'revoked'
  return (
    <Box
      data-revoked={revoked || undefined}
      style={{
        borderRadius: 'var(--mantine-radius-lg)',
        boxShadow: revoked ? '0 0 0 2px var(--mantine-color-red-5)' : undefined,
        transition: 'box-shadow 200ms ease',
      }}
    >
      {children}
    </Box>
  )
}
