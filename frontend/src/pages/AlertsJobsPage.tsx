// Placeholder until this screen is built; it says what it will hold and pretends nothing.
import { Stack, Text, Title } from '@mantine/core'

export default function AlertsJobsPage() {
  return (
    <Stack>
      <Title order={2}>Alerts & Jobs</Title>
      <Text c="dimmed">This screen is being built: scheduled jobs, alerts and the notifications they sent.</Text>
    </Stack>
  )
}
