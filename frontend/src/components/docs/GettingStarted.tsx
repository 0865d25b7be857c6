// A getting-started page: the document's own prose, then what the console
// knows for sure (a runnable first request, the rate-limit headers, the
// error codes).
import { Badge, Code, Paper, Stack, Table, Text, Title } from '@mantine/core'
import type { OpenAPIDoc } from '../../api/docs'
import CodeSnippet from '../CodeSnippet'
import { ERROR_CODES, GUIDES, PLANS, RATE_LIMIT_HEADERS, guideText, introText, type GuideId } from './guide'
import { PLACEHOLDER_KEY, type ExampleKey } from './EndpointView'
import Markdown from './Markdown'
import { formatNumber } from '../../lib/format'

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
          {PLANS.map((p) => (
            <Table.Tr key={p.plan}>
              <Table.Td>{p.plan}</Table.Td>
              <Table.Td>{formatNumber(p.limit)}</Table.Td>
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
