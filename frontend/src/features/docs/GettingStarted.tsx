// A getting-started page: the document's own prose, then what the console
// knows for sure (a runnable first request, the rate-limit headers, the
// error codes).
import { usePlans } from '../usage/queries'
import { capitalise } from '../usage/RateLimitIndicator'
import { Alert, Anchor, Badge, Code, Paper, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import { useChangelog, type OpenAPIDoc } from './queries'
import CodeSnippet from '../../shared/CodeSnippet'
import { ERROR_CODES, GUIDES, RATE_LIMIT_HEADERS, SDKS, SDK_STATUS, WEBHOOK_LINKS, guideText, introText, type GuideId } from './guide'
import { openExternal } from '../../lib/upgrade'
import { PLACEHOLDER_KEY, type ExampleKey } from './EndpointView'
import Markdown from './Markdown'
import { formatNumber, localDateTime } from '../../lib/format'

export default function GettingStarted({
  doc,
  id,
  baseUrl,
  apiKey = PLACEHOLDER_KEY,
}: {
  doc: OpenAPIDoc
  id: GuideId
  baseUrl: string
  apiKey?: ExampleKey
}) {
  const g = GUIDES.find((x) => x.id === id)!
  const text = guideText(doc, id)
  return (
    <Stack gap="md" data-testid={`guide-${id}`}>
      <div>
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          Getting started
        </Text>
        <Title order={2}>{g.title}</Title>
      </div>
      {id === 'authentication' && introText(doc) && <Markdown text={introText(doc)} />}
      {text && <Markdown text={text} />}
      {id === 'authentication' && <Authentication baseUrl={baseUrl} apiKey={apiKey} fallback={!text} />}
      {id === 'rate-limiting' && !text && <RateLimiting />}
      {id === 'errors' && !text && <Errors />}
      {id === 'sdks' && <Sdks />}
      {id === 'webhooks' && <Webhooks />}
      {id === 'changelog' && <Changelog />}
    </Stack>
  )
}

function Authentication({ baseUrl, apiKey, fallback }: { baseUrl: string; apiKey: ExampleKey; fallback: boolean }) {
  return (
    <>
      {fallback && (
        <Text size="sm">
          Every request carries an API key in the <Code>Authorization</Code> header as a bearer token. Keys start with{' '}
          <Code>pm_live_</Code> (production) or <Code>pm_test_</Code> (testing). Create one under API Keys; its secret is
          shown once.
        </Text>
      )}
      <Paper withBorder p="md" radius="md">
        <Text fw={600} size="sm" mb="xs">
          Your first request
        </Text>
        <CodeSnippet
          request={{
            method: 'GET',
            url: `${baseUrl}/api/v1/contacts`,
            headers: { Authorization: `Bearer ${apiKey.token}` },
          }}
          secret={apiKey.secret}
        />
      </Paper>
    </>
  )
}

function RateLimiting() {
  const plans = usePlans()
  return (
    <>
      <Text size="sm">
        Limits apply per tenant, by plan, per minute, with a burst allowance. Over the limit the platform answers 429{' '}
        <Code>rate_limit_exceeded</Code> with <Code>retry_after</Code>.
      </Text>
      <Table withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Plan</Table.Th>
            <Table.Th>Requests / minute</Table.Th>
            <Table.Th>Burst</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(plans ?? []).map((p) => (
            <Table.Tr key={p.name}>
              <Table.Td>{capitalise(p.name)}</Table.Td>
              <Table.Td>{formatNumber(p.per_minute)}</Table.Td>
              <Table.Td>{formatNumber(p.burst)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} size="sm">
        Every response carries
      </Text>
      <Table withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Tbody>
          {RATE_LIMIT_HEADERS.map((h) => (
            <Table.Tr key={h.name}>
              <Table.Td w={220}>
                <Code>{h.name}</Code>
              </Table.Td>
              <Table.Td>{h.meaning}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  )
}

function Errors() {
  return (
    <>
      <Text size="sm">
        Every error is JSON: <Code>{'{"error": CODE, "message": TEXT, ...}'}</Code>. Branch on <Code>error</Code>; show{' '}
        <Code>message</Code> to people.
      </Text>
      <Table withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>Status</Table.Th>
            <Table.Th w={230}>error</Table.Th>
            <Table.Th>When</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ERROR_CODES.map((e) => (
            <Table.Tr key={e.code}>
              <Table.Td>
                <Badge variant="light" color={e.status >= 500 ? 'red' : e.status === 429 ? 'orange' : 'yellow'} radius="sm">
                  {e.status}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Code>{e.code}</Code>
              </Table.Td>
              <Table.Td>
                <Markdown text={e.when} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  )
}

/** The official libraries: install tabs, greyed until they are published. */
function Sdks() {
  return (
    <Stack gap="sm" data-testid="sdks">
      <Text size="sm">Official libraries wrap authentication, retries and rate-limit headers. Until they ship, any HTTP client works with the examples in each endpoint.</Text>
      <Tabs defaultValue={SDKS[0].id} variant="outline">
        <Tabs.List>
          {SDKS.map((s) => (
            <Tabs.Tab key={s.id} value={s.id}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {SDKS.map((s) => (
          <Tabs.Panel key={s.id} value={s.id} pt="sm">
            <div aria-disabled="true" style={{ opacity: 0.5 }} data-testid={`sdk-${s.id}`}>
              <Code block>{s.command}</Code>
            </div>
            <Badge mt="xs" color="gray" variant="light">
              {SDK_STATUS}
            </Badge>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}

/** Webhooks: not configurable from this console yet; where to read about them. */
function Webhooks() {
  return (
    <Stack gap="sm" data-testid="webhooks">
      <Alert color="blue" variant="light" title="Webhooks are configured in the PenguinMails dashboard">
        PenguinMails pushes delivery, open, click, bounce and complaint events to your HTTPS endpoint. Keys need the
        manage_webhooks permission to manage endpoints through the API.
      </Alert>
      <Stack gap={4}>
        {WEBHOOK_LINKS.map((l) => (
          <Anchor
            key={l.url}
            href={l.url}
            size="sm"
            onClick={(e) => {
              e.preventDefault()
              openExternal(l.url)
            }}
          >
            {l.label} →
          </Anchor>
        ))}
      </Stack>
    </Stack>
  )
}

/** What changed between the document versions this console has seen (computed by the Go side). */
function Changelog() {
  const { data, error } = useChangelog()
  if (error) return <Text c="red">{String((error as Error).message ?? error)}</Text>
  if (!data) return <Text c="dimmed">Loading…</Text>
  if (data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="changelog">
        Only one version of the API document has been seen so far. When the platform publishes a new one, what changed appears here.
      </Text>
    )
  }
  return (
    <Stack gap="md" data-testid="changelog">
      {data.map((e) => (
        <Paper key={e.from + e.to} withBorder radius="md" p="md">
          <Title order={4}>
            {e.from} → {e.to}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Seen {localDateTime(e.seen_at)}
          </Text>
          {e.changes.length === 0 ? (
            <Text size="sm">No operation or field changed.</Text>
          ) : (
            <Stack gap={2}>
              {e.changes.map((c) => (
                <Text key={c} size="sm" ff="monospace">
                  {c}
                </Text>
              ))}
            </Stack>
          )}
        </Paper>
      ))}
    </Stack>
  )
}
