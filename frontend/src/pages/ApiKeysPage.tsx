// Placeholder until this screen is built; it says what it will hold and pretends nothing.
import { Stack, Text, Title } from '@mantine/core'

export default function ApiKeysPage() {
  return (
    <Stack>
      <Title order={2}>API Keys</Title>
      <Text c="dimmed">This screen is being built: manage your API keys — create with scopes, expiry and IP allow-lists; rotate with a 24-hour grace; revoke.</Text>
    </Stack>
  )
}
