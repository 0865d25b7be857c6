// Placeholder until this screen is built; it says what it will hold and pretends nothing.
import { Stack, Text, Title } from '@mantine/core'

export default function DocsTesterPage() {
  return (
    <Stack>
      <Title order={2}>Docs & Tester</Title>
      <Text c="dimmed">This screen is being built: browse the API reference and send requests with your keys.</Text>
    </Stack>
  )
}
