// One endpoint of the reference: method and path, the permission it needs,
// its rate limit, what it does, its parameters and body fields, an example
// request in six languages, and every answer it gives, errors included.
import { Accordion, Badge, Box, Button, Code, Group, Paper, Stack, Text, Title, Tooltip } from '@mantine/core'
import { IconLock, IconPlayerPlay, IconGauge } from '@tabler/icons-react'
import { useMemo } from 'react'
import type { OpenAPIDoc } from './queries'
import CodeSnippet from '../../shared/CodeSnippet'
import FieldTable, { type FieldRow } from './FieldTable'
import Markdown, { MarkdownInline } from './Markdown'
import MethodBadge from '../../shared/MethodBadge'
import {
  authOf,
  exampleOf,
  jsonBodyOf,
  parametersOf,
  rateLimitText,
  resolveRef,
  responsesOf,
  schemaFields,
  serverPrefix,
  typeLabel,
  type Endpoint,
} from './openapi'

export function statusColor(status: string | number): string {
  const s = String(status)
  if (s.startsWith('2')) return 'teal'
  if (s === '429') return 'orange'
  if (s.startsWith('4')) return 'yellow'
  if (s.startsWith('5')) return 'red'
  return 'gray'
}

/** The key the examples carry: the picked key's secret when the console knows
 * it (CodeSnippet shows it masked), else its masked form, else a placeholder. */
export interface ExampleKey {
  token: string
  secret?: string
}
export const PLACEHOLDER_KEY: ExampleKey = { token: 'pm_live_YOUR_API_KEY' }
/** What the platform API's examples carry: a session from POST /auth/login
 * and a sudo token from POST /auth/sudo. */
export const SESSION_TOKEN_PLACEHOLDER = 'YOUR_SESSION_TOKEN'
export const SUDO_TOKEN_PLACEHOLDER = 'YOUR_SUDO_TOKEN'

/** The request the example snippets show: the documented example body and the picked key. */
export function exampleRequest(doc: OpenAPIDoc, e: Endpoint, baseUrl: string, apiKey: ExampleKey = PLACEHOLDER_KEY) {
  const body = jsonBodyOf(doc, e)
  const ex = body ? exampleOf(doc, body.media) : undefined
  const params = parametersOf(doc, e)
  const path = e.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
    const p = params.find((x) => x.in === 'path' && x.name === n)
    const v = p?.example ?? p?.schema?.example
    return v !== undefined ? encodeURIComponent(String(v)) : `{${n}}`
  })
  // The credential follows the endpoint's security scheme: an API key only
  // for the public API; the platform API takes a session token (and a sudo
  // token for key changes), never a key.
  const headers: Record<string, string> = {}
  const auth = authOf(doc, e)
  if (auth === 'apiKey') headers.Authorization = `Bearer ${apiKey.token}`
  if (auth === 'session' || auth === 'sudo') headers.Authorization = `Bearer ${SESSION_TOKEN_PLACEHOLDER}`
  if (auth === 'sudo') headers['X-Sudo-Token'] = SUDO_TOKEN_PLACEHOLDER
  if (ex !== undefined) headers['Content-Type'] = 'application/json'
  return {
    method: e.method,
    url: `${baseUrl}${serverPrefix(doc, e)}${path}`,
    headers,
    body: ex !== undefined ? JSON.stringify(ex, null, 2) : undefined,
  }
}

export default function EndpointView({
  doc,
  endpoint: e,
  baseUrl,
  apiKey = PLACEHOLDER_KEY,
  onTry,
}: {
  doc: OpenAPIDoc
  endpoint: Endpoint
  baseUrl: string
  apiKey?: ExampleKey
  onTry: () => void
}) {
  const params = parametersOf(doc, e)
  const body = jsonBodyOf(doc, e)
  const responses = responsesOf(doc, e)
  const perm = e.op['x-required-permission']
  const rate = rateLimitText(e.op['x-rate-limit'])
  const example = useMemo(() => exampleRequest(doc, e, baseUrl, apiKey), [doc, e, baseUrl, apiKey.token])
  const auth = authOf(doc, e)

  const paramRows: FieldRow[] = params.map((p) => ({
    name: p.name,
    location: p.in,
    type: typeLabel(resolveRef(doc, p.schema)),
    required: !!p.required || p.in === 'path',
    description: p.description,
  }))
  const bodyRows: FieldRow[] = body ? schemaFields(doc, body.media.schema) : []

  return (
    <Stack gap="lg" data-testid="endpoint-view">
      <div>
        <Text size="xs" tt="uppercase" fw={700} c="dimmed">
          {e.tag}
        </Text>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={2}>{e.op.summary ?? `${e.method} ${e.path}`}</Title>
          {auth === 'apiKey' ? (
            <Button leftSection={<IconPlayerPlay size={15} />} onClick={onTry}>
              Try it
            </Button>
          ) : (
            <Tooltip label="The tester sends requests with an API key; this Platform API route is for the console and your scripts">
              <Button leftSection={<IconPlayerPlay size={15} />} data-disabled aria-disabled onClick={(ev) => ev.preventDefault()}>
                Try it
              </Button>
            </Tooltip>
          )}
        </Group>
        <Paper withBorder radius="md" px="sm" py={8} mt="sm">
          <Group gap="sm" wrap="nowrap">
            <MethodBadge method={e.method} size="md" w={70} />
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }} data-testid="endpoint-path">
              <Text span c="dimmed" inherit>
                {serverPrefix(doc, e)}
              </Text>
              {e.path}
            </Text>
          </Group>
        </Paper>
        <Group gap="xs" mt="sm">
          {auth === 'apiKey' && perm ? (
            <Tooltip label="The API key must have this permission (or full_access)">
              <Badge variant="light" color="violet" radius="sm" leftSection={<IconLock size={12} />} tt="none">
                Requires {perm}
              </Badge>
            </Tooltip>
          ) : auth === 'apiKey' ? (
            <Badge variant="light" color="gray" radius="sm" tt="none">
              Any valid key
            </Badge>
          ) : auth === 'none' ? (
            <Badge variant="light" color="gray" radius="sm" tt="none">
              No sign-in needed
            </Badge>
          ) : (
            <Tooltip label="Authorization: Bearer with the session token from POST /auth/login">
              <Badge variant="light" color="blue" radius="sm" leftSection={<IconLock size={12} />} tt="none">
                Session token
              </Badge>
            </Tooltip>
          )}
          {auth === 'sudo' && (
            <Tooltip label="X-Sudo-Token from POST /auth/sudo (the password again), valid 15 minutes">
              <Badge variant="light" color="orange" radius="sm" tt="none">
                Sudo token
              </Badge>
            </Tooltip>
          )}
          {e.op.deprecated && (
            <Badge color="orange" radius="sm">
              Deprecated
            </Badge>
          )}
        </Group>
        {rate && (
          <Group gap={6} mt={8} wrap="nowrap" align="flex-start" c="dimmed">
            <IconGauge size={15} style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="xs" data-testid="endpoint-rate-limit">
              <b>Rate limit.</b> {rate}
            </Text>
          </Group>
        )}
      </div>

      {e.op.description && (
        <Box>
          <Markdown text={e.op.description} />
        </Box>
      )}

      <Section title="Parameters">
        <FieldTable rows={paramRows} showLocation empty="This endpoint takes no parameters." />
      </Section>

      {body && (
        <Section title={`Request body${body.required ? '' : ' (optional)'}`} hint="application/json">
          {body.description && <Markdown text={body.description} />}
          <FieldTable rows={bodyRows} empty={<Code>{typeLabel(body.media.schema)}</Code>} />
        </Section>
      )}

      <Section title="Example request">
        <CodeSnippet request={example} secret={auth === 'apiKey' ? apiKey.secret : undefined} />
      </Section>

      <Section title="Responses">
        <Accordion variant="separated" multiple defaultValue={responses.slice(0, 1).map((r) => r.status)} data-testid="responses">
          {responses.map(({ status, response }) => {
            const mediaKey = response.content && Object.keys(response.content)[0]
            const media = mediaKey ? response.content![mediaKey] : undefined
            const ex = media ? exampleOf(doc, media) : undefined
            return (
              <Accordion.Item key={status} value={status}>
                <Accordion.Control>
                  <Group gap="sm" wrap="nowrap">
                    <Badge color={statusColor(status)} variant="light" radius="sm" miw={52} style={{ flexShrink: 0 }}>
                      {status}
                    </Badge>
                    <Text size="sm">
                      <MarkdownInline text={response.description ?? ''} />
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="xs">
                    {response.headers && Object.keys(response.headers).length > 0 && (
                      <Group gap={6}>
                        <Text size="xs" c="dimmed">
                          Headers:
                        </Text>
                        {Object.keys(response.headers).map((h) => (
                          <Code key={h}>{h}</Code>
                        ))}
                      </Group>
                    )}
                    {media?.schema && (
                      <Text size="xs" c="dimmed">
                        Body: <Code>{typeLabel(resolveRef(doc, media.schema)) === 'object' ? (media.schema.$ref?.split('/').pop() ?? 'object') : typeLabel(resolveRef(doc, media.schema))}</Code>
                      </Text>
                    )}
                    {ex !== undefined && (
                      <Code block style={{ fontSize: 12.5 }}>
                        {JSON.stringify(ex, null, 2)}
                      </Code>
                    )}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            )
          })}
        </Accordion>
      </Section>
    </Stack>
  )
}

function Section({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) {
  return (
    <Box>
      <Group gap="xs" mb="xs" align="baseline">
        <Title order={4}>{title}</Title>
        {hint && (
          <Text size="xs" c="dimmed" ff="monospace">
            {hint}
          </Text>
        )}
      </Group>
      {children}
    </Box>
  )
}
