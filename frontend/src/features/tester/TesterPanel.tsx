// The request builder: key, method, path with its parameters, query,
// headers, a JSON body checked against the endpoint's schema, Send Request,
// the answer, and the same request as code.
import { Alert, Badge, Box, Button, Group, Paper, Select, Stack, Tabs, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconFileImport, IconSend, IconWorldShare } from '@tabler/icons-react'
import { useDebouncedValue, useElementSize } from '@mantine/hooks'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { OpenAPIDoc } from '../docs/queries'
import type { HistoryEntry } from './queries'
import { useWarnings } from './queries'
import type { Key } from '../../api/types.gen'
import CodeSnippet from '../../shared/CodeSnippet'
import { derefSchema, fillPath, jsonBodyOf, pathParamNames } from '../docs/openapi'
import { useEndpointMatch } from '../docs/match'
import { draftHeaders, draftUrl, foreignOrigin, hasBody, ownAuthorization, type Draft } from './draft'
import JsonEditor from './JsonEditor'
import KeyPicker, { secretFor, type KeyChoice } from './KeyPicker'
import KeyValueEditor from './KeyValueEditor'
import ResponseView from './ResponseView'
import { makeValidator } from './schemaValidator'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

// What the keyboard hint calls the modifier.
const modKey = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '\u2318' : 'Ctrl'

export default function TesterPanel({
  doc,
  baseUrl,
  keys,
  keysLoading,
  draft,
  onDraft,
  choice,
  onChoice,
  entry,
  sending,
  sendError,
  onSend,
  onImport,
}: {
  doc: OpenAPIDoc | null
  baseUrl: string
  keys: Key[]
  keysLoading: boolean
  draft: Draft
  onDraft: (d: Draft) => void
  choice: KeyChoice
  onChoice: (c: KeyChoice) => void
  entry: HistoryEntry | null
  sending: boolean
  sendError: string | null
  onSend: () => void
  onImport: () => void
}) {
  const set = (patch: Partial<Draft>) => onDraft({ ...draft, ...patch })
  // Side by side once each half is wide enough for a JSON body (about 320 px).
  const { ref: rootRef, width } = useElementSize()
  const wide = width >= 660
  const burst = keys.find((k) => k.key_id === choice.keyId)?.burst
  // Stacked, a new answer scrolls into view so it is seen the moment it lands.
  const answerRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (entry && !wide) answerRef.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' })
  }, [entry?.id])
  // The Body tab leads for methods with a body; others open on Query.
  const withBody = hasBody(draft.method)
  const [tab, setTab] = useState<string | null>(withBody ? 'body' : 'query')
  useEffect(() => setTab((t) => (withBody ? 'body' : t === 'body' ? 'query' : t)), [withBody])
  const secret = secretFor(choice)
  const filledPath = fillPath(draft.path, draft.pathParams)
  const endpoint = useEndpointMatch(doc, draft.method, draft.path)
  const validator = useMemo(() => {
    if (!doc || !endpoint) return null
    const b = jsonBodyOf(doc, endpoint)
    return b ? makeValidator(derefSchema(doc, b.media.schema)) : null
  }, [doc, endpoint])

  const bodyProblems = useMemo(() => {
    if (!hasBody(draft.method) || !draft.body.trim()) return []
    try {
      JSON.parse(draft.body)
    } catch (e) {
      return [`Not valid JSON: ${(e as Error).message}`]
    }
    return validator ? validator(draft.body).map((p) => p.message) : []
  }, [draft.body, draft.method, validator])

  // Typing a path asks the platform about the key once the typing pauses.
  const [checkPath] = useDebouncedValue(filledPath, 300)
  const warnings = useWarnings(choice.keyId, draft.method, checkPath)

  // Another origin than the platform's gets no key: said before sending.
  const foreign = foreignOrigin(draft, baseUrl)
  const ownAuth = ownAuthorization(draft)
  // What the snippet masks on screen: the key it carries, or the credential
  // of the user's own Authorization header.
  const shownSecret = foreign || ownAuth ? (ownAuth?.replace(/^\S+\s+/, '') ?? '') : secret

  const snippetRequest = useMemo(() => {
    const headers: Record<string, string> = {}
    for (const h of draftHeaders(draft, secret || 'pm_live_YOUR_API_KEY', baseUrl)) headers[h.name] = h.value
    return {
      method: draft.method,
      url: draftUrl(draft, baseUrl),
      headers,
      body: hasBody(draft.method) && draft.body.trim() ? draft.body : undefined,
    }
  }, [draft, baseUrl, secret])

  const params = pathParamNames(draft.path)
  const enabledQuery = draft.query.filter((q) => q.enabled && q.name).length
  const enabledHeaders = draft.headers.filter((h) => h.enabled && h.name).length
  const missingParam = params.find((p) => !draft.pathParams[p])

  return (
    <Stack gap="md" data-testid="tester" ref={rootRef}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3}>Tester</Title>
          <Text size="sm" c="dimmed">
            Requests go out from the console to {baseUrl || 'the platform'}; every one is kept in the history with its key
            masked.
          </Text>
        </div>
        <Button variant="default" size="xs" leftSection={<IconFileImport size={14} />} onClick={onImport}>
          Import cURL
        </Button>
      </Group>

      <KeyPicker keys={keys} loading={keysLoading} value={choice} onChange={onChoice} />

      {foreign && (
        <Alert color="yellow" variant="light" icon={<IconWorldShare size={16} />} py={8} data-testid="foreign-origin">
          <Text size="sm">
            This request goes to {foreign}, not to your PenguinMails platform: your key is not attached.
            {ownAuth ? ' The Authorization header you set is sent as written.' : ''}
          </Text>
        </Alert>
      )}

      {warnings.data?.warnings.map((w) => (
        <Alert key={w.code} color="orange" variant="light" icon={<IconAlertTriangle size={16} />} py={8} data-testid="tester-warning" data-code={w.code}>
          <Text size="sm">{w.message}</Text>
        </Alert>
      ))}

      <Paper withBorder radius="md" p="sm">
        <Group gap={8} wrap="wrap" align="flex-start">
          <Select
            aria-label="Method"
            data={METHODS}
            value={draft.method}
            onChange={(m) => m && set({ method: m })}
            allowDeselect={false}
            w={110}
            styles={{ input: { fontWeight: 700, fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Textarea
            aria-label="Path"
            // Narrow, Send wraps under the path rather than squeezing it.
            style={{ flex: '1 1 240px', minWidth: 0 }}
            autosize
            minRows={1}
            maxRows={4}
            value={draft.path}
            // A path is one line: Enter sends rather than breaking it.
            onChange={(e) => set({ path: e.currentTarget.value.replace(/[\r\n]+/g, '') })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                if (!missingParam && !sending) onSend()
              }
            }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' } }}
            data-testid="tester-path"
          />
          <Tooltip label={`${modKey}+Enter sends from anywhere in the tester`}>
            <Button leftSection={<IconSend size={15} />} onClick={onSend} loading={sending} disabled={!!missingParam} aria-keyshortcuts="Control+Enter Meta+Enter">
              Send Request
            </Button>
          </Tooltip>
        </Group>
        {params.length > 0 && (
          <Group gap="sm" mt="xs" align="flex-end">
            {params.map((p) => (
              <TextInput
                key={p}
                size="xs"
                label={`{${p}}`}
                required
                placeholder={p}
                value={draft.pathParams[p] ?? ''}
                onChange={(e) => set({ pathParams: { ...draft.pathParams, [p]: e.currentTarget.value } })}
                styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
            ))}
          </Group>
        )}
        <Group gap={6} mt="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" ff="monospace" truncate="end" data-testid="tester-url" title={draftUrl(draft, baseUrl)}>
            {draftUrl(draft, baseUrl)}
          </Text>
        </Group>
        {endpoint && (
          <Group gap={6} mt={4}>
            <Text size="xs" c="dimmed">
              {endpoint.op.summary ?? endpoint.id}
            </Text>
            {warnings.data?.required_permission && (
              <Badge size="xs" variant="light" color="violet" radius="sm" tt="none">
                needs {warnings.data.required_permission}
              </Badge>
            )}
          </Group>
        )}
        {choice.keyId && !secret && !foreign && !ownAuth && (
          <Text size="xs" c="orange" mt={4}>
            No secret for this key yet: paste it above, or the platform will answer 401.
          </Text>
        )}
        {sendError && (
          <Text size="sm" c="red" mt="xs" data-testid="send-error">
            {sendError}
          </Text>
        )}
      </Paper>

      <Box
        style={wide ? { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 'var(--mantine-spacing-md)', alignItems: 'start' } : { display: 'flex', flexDirection: 'column', gap: 'var(--mantine-spacing-md)' }}
        data-testid="tester-split"
        data-layout={wide ? 'side-by-side' : 'stacked'}
      >
        <Box miw={0}>
        <Tabs value={tab} onChange={setTab} keepMounted>
          <Tabs.List>
            <Tabs.Tab
              value="body"
              disabled={!hasBody(draft.method)}
              rightSection={
                bodyProblems.length > 0 ? (
                  <Badge size="xs" color="red" circle>
                    {bodyProblems.length}
                  </Badge>
                ) : undefined
              }
            >
              Body
            </Tabs.Tab>
            <Tabs.Tab value="query">Query{enabledQuery ? ` (${enabledQuery})` : ''}</Tabs.Tab>
            <Tabs.Tab value="headers">Headers{enabledHeaders ? ` (${enabledHeaders})` : ''}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="body" pt="sm">
            {hasBody(draft.method) ? (
              <Stack gap={6}>
                <JsonEditor value={draft.body} onChange={(body) => set({ body })} validator={validator} />
                {bodyProblems.length > 0 ? (
                  <Box data-testid="body-problems">
                    {bodyProblems.slice(0, 6).map((p, i) => (
                      <Text key={i} size="xs" c="red">
                        {p}
                      </Text>
                    ))}
                  </Box>
                ) : (
                  draft.body.trim() &&
                  validator && (
                    <Text size="xs" c="teal" data-testid="body-valid">
                      Matches the endpoint's schema.
                    </Text>
                  )
                )}
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {draft.method} requests carry no body.
              </Text>
            )}
          </Tabs.Panel>
          <Tabs.Panel value="query" pt="sm">
            <KeyValueEditor rows={draft.query} onChange={(query) => set({ query })} namePlaceholder="parameter" addLabel="Add parameter" />
          </Tabs.Panel>
          <Tabs.Panel value="headers" pt="sm">
            <Stack gap={6}>
              <Text size="xs" c="dimmed">
                Authorization (from the chosen key, for the platform only) and Content-Type are added for you unless set
                here. Credentials you set here are shown masked and sent as written.
              </Text>
              <KeyValueEditor rows={draft.headers} onChange={(headers) => set({ headers })} namePlaceholder="Header-Name" addLabel="Add header" />
            </Stack>
          </Tabs.Panel>
        </Tabs>
        </Box>
        <Box miw={0} ref={answerRef} style={{ scrollMarginTop: 72 }}>
          {entry ? (
            <ResponseView entry={entry} burst={burst} />
          ) : (
            <Paper withBorder radius="md" p="lg" style={{ borderStyle: 'dashed' }} data-testid="response-empty">
              <Text size="sm" c="dimmed" ta="center">
                The answer shows here. Send with the button, or {modKey}+Enter from anywhere in the tester.
              </Text>
            </Paper>
          )}
        </Box>
      </Box>

      <Paper withBorder radius="md" p="sm">
        <Text fw={600} size="sm" mb={6}>
          This request as code
        </Text>
        <CodeSnippet request={snippetRequest} secret={shownSecret || undefined} />
      </Paper>
    </Stack>
  )
}
