// Says plainly that the platform is unreachable and how old the data on screen is.
import { Alert, Text } from '@mantine/core'
import { IconCloudOff } from '@tabler/icons-react'
import { ageWords, whenLabel } from './format'

export function offlineTitle(fetchedAt: string, ageSeconds: number): string {
  return `Offline — showing data from ${whenLabel(fetchedAt)}, ${ageWords(ageSeconds)}`
}

export default function OfflineBanner({ fetchedAt, ageSeconds }: { fetchedAt: string; ageSeconds: number }) {
  return (
    <Alert color="orange" variant="light" icon={<IconCloudOff size={20} />} title={offlineTitle(fetchedAt, ageSeconds)} data-testid="offline-banner">
      <Text size="sm">
        The PenguinMails platform cannot be reached. This is the newest snapshot kept on this computer; the screen updates by itself when the platform is back.
        Older snapshots are in History.
      </Text>
    </Alert>
  )
}
