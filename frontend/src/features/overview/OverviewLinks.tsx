// The Overview's quick links (docs, code examples, webhooks) and the popular
// endpoints, each opening its page in Docs & Tester.
import { Card, Code, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core'
import { IconBook, IconCode, IconWebhook } from '@tabler/icons-react'
import MethodBadge from '../../shared/MethodBadge'
import PathText from '../../shared/PathText'
import { useNav } from '../../nav'

export const POPULAR_ENDPOINTS: { id: string; what: string }[] = [
  { id: 'POST /emails/send', what: 'Send an email' },
  { id: 'GET /contacts', what: 'List contacts' },
  { id: 'POST /contacts', what: 'Create a contact' },
  { id: 'GET /analytics/campaigns/{id}', what: 'Campaign statistics' },
]

export default function OverviewLinks() {
  const { navigate } = useNav()
  const links = [
    { label: 'API documentation', icon: <IconBook size={16} />, go: () => navigate('docs', { guide: 'authentication' }) },
    { label: 'Code examples', icon: <IconCode size={16} />, go: () => navigate('docs', { endpoint: 'POST /emails/send' }) },
    { label: 'Webhooks', icon: <IconWebhook size={16} />, go: () => navigate('docs', { guide: 'webhooks' }) },
  ]
  return (
    <Card data-testid="overview-links">
      <Stack gap="sm">
        <Title order={4}>Quick links</Title>
        <Group gap="md">
          {links.map((l) => (
            <UnstyledButton key={l.label} onClick={l.go} c="brand" fw={600} fz="sm">
              <Group gap={6}>
                {l.icon}
                {l.label}
              </Group>
            </UnstyledButton>
          ))}
        </Group>
        <Title order={4} mt="xs">
          Popular endpoints
        </Title>
        {/* Columns by the card's own width (it sits in a narrow column beside the quick start). */}
        <SimpleGrid type="container" cols={{ base: 1, '480px': 2 }} spacing="xs">
          {POPULAR_ENDPOINTS.map((e) => {
            const [method, path] = e.id.split(' ')
            return (
              <UnstyledButton
                key={e.id}
                onClick={() => navigate('docs', { endpoint: e.id })}
                data-testid="popular-endpoint"
                style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, padding: 10 }}
              >
                <Group gap="xs" wrap="nowrap">
                  <MethodBadge method={method} />
                  <div style={{ minWidth: 0 }}>
                    <Code>
                      <PathText path={path} />
                    </Code>
                    <Text size="xs" c="dimmed">
                      {e.what}
                    </Text>
                  </div>
                </Group>
              </UnstyledButton>
            )
          })}
        </SimpleGrid>
      </Stack>
    </Card>
  )
}
