// Says plainly that the platform is unreachable and how old the data on
// screen is, or, for a range no snapshot was kept of, that there is none.
import { Alert, Text } from '@mantine/core'
import { IconCloudOff } from '@tabler/icons-react'
import { ageWords, whenLabel } from '../../lib/format'

export function offlineTitle(fetchedAt: string, ageSeconds: number): string {
  return `Offline — showing data from ${whenLabel(fetchedAt)}, ${ageWords(ageSeconds)}`
}

type Props = { fetchedAt: string; ageSeconds: number; rangeWords?: never } | { rangeWords: string; fetchedAt?: never; ageSeconds?: never }

export default function OfflineBanner(p: Props) {
  const kept = p.fetchedAt !== undefined
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconCloudOff size={20} />}
      title={kept ? offlineTitle(p.fetchedAt, p.ageSeconds!) : `Offline — no snapshot of ${p.rangeWords} is kept on this computer`}
      data-testid="offline-banner"
    >
      <Text size="sm">
        {kept
          ? 'The PenguinMails platform cannot be reached. This is the newest snapshot kept on this computer; the screen updates by itself when the platform is back. '
          : 'The PenguinMails platform cannot be reached, and no snapshot of this range and key was kept while it was. The screen updates by itself when the platform is back. '}
        Older snapshots are in History.
      </Text>
    </Alert>
  )
}
