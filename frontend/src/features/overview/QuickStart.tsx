// The docs' four steps from nothing to a working integration (create a key,
// install an SDK — optional, make the first call, set up webhooks —
// optional), then watching usage. Each required step is ticked off from real
// state — an active key, a key with a successful call, the Usage screen
// opened — so the card tells the truth about progress.
import { Badge, Button, Card, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconChartBar, IconCheck, IconCode, IconKey, IconPackage, IconPlus, IconWebhook } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { Key, Role } from '../../api/types.gen'
import { useNav } from '../../nav'

export interface QuickStartProps {
  keys: Key[]
  role: Role
  apiUrl: string
  email?: string
}

/** Remembers that this user opened the Usage screen (in this browser profile). */
const usageSeenKey = (email: string) => `pm_console_usage_opened:${email}`
export const markUsageOpened = (email: string | undefined) => {
  if (!email) return
  try {
    localStorage.setItem(usageSeenKey(email), '1')
  } catch {
    /* storage refused: the step stays unticked */
  }
}
const usageOpened = (email: string | undefined) => {
  try {
    return !!email && localStorage.getItem(usageSeenKey(email)) === '1'
  } catch {
    return false
  }
}

interface Step {
  title: string
  optional?: boolean
  body: ReactNode
  done: boolean
  icon: ReactNode
  action?: ReactNode
}

function StepRow({ n, step }: { n: number; step: Step }) {
  return (
    <Group align="flex-start" wrap="nowrap" gap="md" data-done={step.done}>
      <ThemeIcon
        size={32}
        radius="xl"
        variant={step.done ? 'filled' : 'light'}
        color={step.done ? 'teal' : 'brand'}
        role="img"
        aria-label={step.done ? `Step ${n} done` : `Step ${n}`}
      >
        {step.done ? <IconCheck size={18} /> : step.icon}
      </ThemeIcon>
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs">
          <Text fw={600}>
            {n}. {step.title}
          </Text>
          {step.optional && (
            <Badge size="xs" variant="light" color="gray">
              Optional
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" component="div">
          {step.body}
        </Text>
        {step.action && <div style={{ marginTop: 4 }}>{step.action}</div>}
      </Stack>
    </Group>
  )
}

export default function QuickStart({ keys, role, apiUrl, email }: QuickStartProps) {
  const { navigate } = useNav()
  const hasKey = keys.some((k) => k.status === 'active')
  // A successful call: a key with more requests than errors.
  const called = keys.some((k) => k.request_count > k.error_count)
  const readOnly = role === 'support'
  const base = apiUrl.replace(/\/+$/, '')

  const steps: Step[] = [
    {
      title: 'Generate an API key',
      icon: <IconKey size={18} />,
      done: hasKey,
      body: readOnly
        ? 'Support accounts are read-only: a tenant admin or developer creates the keys.'
        : 'Choose its permissions, expiry and IP allow-list. The secret is shown once — store it safely.',
      action: readOnly ? undefined : (
        <Button leftSection={<IconPlus size={16} />} size="xs" onClick={() => navigate('keys', { create: '1' })}>
          Create API Key
        </Button>
      ),
    },
    {
      title: 'Install an SDK',
      optional: true,
      icon: <IconPackage size={18} />,
      done: false,
      body: 'Official libraries for Node.js, Python and PHP are not published yet; until then, any HTTP client works.',
      action: (
        <Button variant="default" size="xs" onClick={() => navigate('docs', { guide: 'sdks' })}>
          SDKs & Libraries
        </Button>
      ),
    },
    {
      title: 'Make your first call',
      icon: <IconCode size={18} />,
      done: called,
      body: (
        <>
          Send a request from the built-in tester, or from your code with the key as a bearer token:
          <Code block mt={6} style={{ whiteSpace: 'pre', overflowX: 'auto' }}>
            {`curl ${base}/api/v1/contacts \\\n  -H "Authorization: Bearer $PENGUINMAILS_API_KEY"`}
          </Code>
        </>
      ),
      action: (
        <Button variant="default" size="xs" onClick={() => navigate('docs')}>
          Open Docs & Tester
        </Button>
      ),
    },
    {
      title: 'Set up webhooks',
      optional: true,
      icon: <IconWebhook size={18} />,
      done: false,
      body: 'Get delivery, open and bounce events pushed to your server instead of polling.',
      action: (
        <Button variant="default" size="xs" onClick={() => navigate('docs', { guide: 'webhooks' })}>
          Webhooks
        </Button>
      ),
    },
    {
      title: 'Watch your usage',
      icon: <IconChartBar size={18} />,
      done: usageOpened(email),
      body: 'Requests, errors, latency and rate-limit headroom, live and over 30 days.',
      action: (
        <Button variant="default" size="xs" onClick={() => navigate('usage')}>
          Open Usage
        </Button>
      ),
    },
  ]

  return (
    <Card data-testid="quick-start">
      <Stack gap="lg">
        <div>
          <Title order={3}>Quick start</Title>
          <Text size="sm" c="dimmed">
            From zero to your first email through the PenguinMails API.
          </Text>
        </div>
        {steps.map((s, i) => (
          <StepRow key={s.title} n={i + 1} step={s} />
        ))}
      </Stack>
    </Card>
  )
}
