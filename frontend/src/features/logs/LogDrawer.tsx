// One request in full: what was sent and answered (headers with the key
// masked, bodies pretty-printed with secrets redacted), the rate-limit
// headers in words, and the ways on: Open in Tester, Copy as cURL, View key.
import { Alert, Badge, Button, Code, Drawer, Group, Loader, ScrollArea, Stack, Table, Text, Title } from '@mantine/core'
import { IconCopy, IconKey, IconSend } from '@tabler/icons-react'
import { errorMessage } from '../../api/errors'
import { type LogEntry, useLogEntry } from './queries'
import { useTesterInfo } from '../tester/queries'
import { useNav } from '../../nav'
import { CopyButton } from '../../shared/CopyButton'
import MethodBadge from '../../shared/MethodBadge'
import RateLimitHeaders, { rateLimitFacts } from '../tester/RateLimitHeaders'
import { offerReplay } from '../tester/replay'
import KeptBanner from './KeptBanner'
import { bodyText, curlFor } from './curl'
import { statusColor } from '../../shared/statusColor'
import { ErrorAlert } from '../../shared/ErrorMessage'
import { localDateTime } from '../../lib/format'

function Headers({ h }: { h?: Record<string, string> }) {
  const rows = Object.entries(h ?? {}).sort(([a], [b]) => a.localeCompare(b))
  if (!rows.length) return <Text size="sm" c="dimmed">No headers kept.</Text>
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="xs" ff="monospace">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
              {k}
            </Table.Td>
            <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function Body({ e, which }: { e: LogEntry; which: 'request' | 'response' }) {
  const body = which === 'request' ? e.request_body : e.response_body
  const cut = which === 'request' ? e.request_body_truncated : e.response_body_truncated
  if (!e.bodies_logged) return <Text size="sm" c="dimmed">Bodies are not logged for this tenant (Settings → request log).</Text>
  if (body === undefined || body === null) return <Text size="sm" c="dimmed">No body.</Text>
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2)
  return (
    <Stack gap={4}>
      {cut && <Text size="xs" c="orange">Longer than 16 KiB: the first 16 KiB are kept.</Text>}
      <Code block style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid={`${which}-body`}>
        {text}
      </Code>
    </Stack>
  )
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  )
}

export default function LogDrawer({ requestId, onClose }: { requestId: string | null; onClose: () => void }) {
  const { navigate } = useNav()
  const entry = useLogEntry(requestId)
  const info = useTesterInfo()
  const baseUrl = info.data?.base_url ?? ''
  const e = entry.data?.entry

  const openInTester = () => {
    if (!e) return
    offerReplay(e.request_id, {
      method: e.method,
      url: baseUrl.replace(/\/$/, '') + e.path + (e.query ? '?' + e.query : ''),
      headers: [],
      body: bodyText(e),
      key_id: e.key_id || undefined,
    })
    navigate('docs', { replay: e.request_id })
  }

  const respHeaders = Object.entries(e?.response_headers ?? {}).map(([name, value]) => ({ name, value }))
  const facts = e ? rateLimitFacts(e.status, respHeaders, typeof e.response_body === 'string' ? e.response_body : JSON.stringify(e.response_body ?? '')) : null

  return (
    <Drawer
      opened={!!requestId}
      onClose={onClose}
      position="right"
      size="xl"
      title={<Title order={3}>Request</Title>}
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="log-drawer"
    >
      {entry.isLoading && <Loader size="sm" type="dots" />}
      {entry.error && (
        <ErrorAlert title="This request could not be read">
          {errorMessage(entry.error)}
        </ErrorAlert>
      )}
      {e && entry.data && (
        <Stack gap="md">
          {entry.data.offline && <KeptBanner fetchedAt={entry.data.fetched_at} ageSeconds={entry.data.age_seconds} what="request" />}
          <Group gap="sm" wrap="nowrap">
            <Badge color={statusColor(e.status)} size="lg" radius="sm">
              {e.status}
            </Badge>
            <MethodBadge method={e.method} />
            <Text ff="monospace" size="sm" style={{ wordBreak: 'break-all' }}>
              {e.path}
              {e.query && '?' + e.query}
            </Text>
          </Group>
          {e.error && (
            <Alert color={statusColor(e.status)} variant="light" title={e.error} data-testid="log-error">
              {e.message}
            </Alert>
          )}
          <Group gap="xs">
            <Button size="xs" leftSection={<IconSend size={14} />} onClick={openInTester}>
              Open in Tester
            </Button>
            <CopyButton value={curlFor(e, baseUrl)}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" leftSection={<IconCopy size={14} />} onClick={copy}>
                  {copied ? 'Copied' : 'Copy as cURL'}
                </Button>
              )}
            </CopyButton>
            {e.key_id && (
              <Button size="xs" variant="default" leftSection={<IconKey size={14} />} onClick={() => navigate('keys', { key_id: e.key_id })}>
                View key
              </Button>
            )}
          </Group>
          <Group grow align="flex-start" gap="md">
            <Fact label="Request ID">
              <Group gap={4} wrap="nowrap">
                <Code data-testid="drawer-request-id">{e.request_id}</Code>
                <CopyButton value={e.request_id}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="subtle" onClick={copy} aria-label="Copy request ID">
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Fact>
            <Fact label="Time">{localDateTime(e.at)}</Fact>
          </Group>
          <Group grow align="flex-start" gap="md">
            <Fact label="Key">
              {e.key_name} <Code>{e.masked_key}</Code>{' '}
              <Badge size="xs" variant="light" color={e.environment === 'live' ? 'brand' : 'gray'}>
                {e.environment}
              </Badge>
            </Fact>
            <Fact label="Latency">{e.latency_ms} ms</Fact>
          </Group>
          <Group grow align="flex-start" gap="md">
            <Fact label="IP">{e.ip}</Fact>
            <Fact label="Sizes">
              {e.request_size} B sent, {e.response_size} B answered
            </Fact>
          </Group>
          <Fact label="User agent">{e.user_agent || '—'}</Fact>
          <Fact label="Route">
            <Code>{e.route}</Code>
          </Fact>
          {facts && (
            <div>
              <Title order={4} mb={4}>
                Rate limit
              </Title>
              <RateLimitHeaders facts={facts} />
            </div>
          )}
          <div>
            <Title order={4} mb={4}>
              Request
            </Title>
            <Headers h={e.request_headers} />
            <Body e={e} which="request" />
          </div>
          <div>
            <Title order={4} mb={4}>
              Response
            </Title>
            <Headers h={e.response_headers} />
            <Body e={e} which="response" />
          </div>
        </Stack>
      )}
    </Drawer>
  )
}
