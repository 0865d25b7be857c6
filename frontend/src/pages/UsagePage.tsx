// Placeholder until this screen is built; it says what it will hold and pretends nothing.
import { Stack, Text, Title } from '@mantine/core'

export default function UsagePage() {
  return (
    <Stack>
      <Title order={2}>Usage</Title>
      <Text c="dimmed">This screen is being built: live and historical API usage, with offline snapshots.</Text>
    </Stack>
  )
}
