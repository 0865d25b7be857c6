// Offline on the Logs screen: what is shown was kept on this computer, and
// how old it is (the same words as Usage's banner).
import { Alert, Text } from '@mantine/core'
import { IconCloudOff } from '@tabler/icons-react'
import { offlineTitle } from '../usage/OfflineBanner'

export default function KeptBanner({ fetchedAt, ageSeconds, what }: { fetchedAt: string; ageSeconds: number; what: string }) {
  return (
    <Alert color="orange" variant="light" icon={<IconCloudOff size={20} />} title={offlineTitle(fetchedAt, ageSeconds)} data-testid="offline-banner">
      <Text size="sm">
        The PenguinMails platform cannot be reached. This is the {what} last fetched, kept on this computer; reopen the screen when the platform is
        back for newer data.
      </Text>
    </Alert>
  )
}
