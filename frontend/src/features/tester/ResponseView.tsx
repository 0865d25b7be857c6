// The answer: status, total time and time to first byte, size, headers and
// the body pretty-printed.
import { Alert, Anchor, Badge, Box, Code, Group, Paper, Table, Tabs, Text, Tooltip } from '@mantine/core'
import { IconAlertCircle, IconClock, IconDatabase, IconBolt } from '@tabler/icons-react'
import type { HistoryEntry } from './queries'
import { useNav } from '../../nav'
import { statusColor } from '../docs/EndpointView'
import { ViewPlansLink } from '../../shared/ViewPlansLink'
import { rememberUpgradeURL } from '../../lib/upgrade'
import RateLimitHeaders, { rateLimitFacts } from './RateLimitHeaders'
import ResponseBody from './ResponseBody'
import { formatBytes, formatMs } from '../../lib/format'

function pretty(body: string, headers: { name: string; value: string }[]): { text: string; json: boolean } {
  const ct = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? ''
  if (ct.includes('json') || /^\s*[[{]/.test(body)) {
    try {
      return { text: JSON.stringify(JSON.parse(body), null, 2), json: true }
    } catch {
      /* not JSON after all */
    }
  }
  return { text: body, json: false }
}

/** The answer's request id, and the way to its entry in the request log. */
function RequestID({ id }: { id: string }) {
  const { navigate } = useNav()
  return (
    <Group gap={6} wrap="nowrap" data-testid="response-request-id">
      <Code>{id}</Code>
      <Anchor component="button" type="button" size="xs" onClick={() => navigate('logs', { request_id: id })}>
        View in Logs
      </Anchor>
    </Group>
  )
}

export default function ResponseView({ entry, burst }: { entry: HistoryEntry; burst?: number }) {
  if (entry.error) {
    return (
      <Alert color="red" icon={<IconAlertCircle size={18} />} title="No response" data-testid="response-error">
        {entry.error}
      </Alert>
    )
  }
  const r = entry.response
  if (!r) return null
  const body = pretty(r.body, r.headers)
  const rate = rateLimitFacts(r.status, r.headers, r.body)
  const requestId = r.headers.find((h) => h.name.toLowerCase() === 'x-request-id')?.value
  return (
    <Paper withBorder radius="md" p="sm" data-testid="response">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge size="lg" radius="sm" color={statusColor(r.status)} variant="filled" data-testid="response-status">
            {r.status} {r.status_text}
          </Badge>
          {requestId && <RequestID id={requestId} />}
        </Group>
        <Group gap="md">
          <Metric icon={<IconClock size={14} />} label="Total time" value={formatMs(r.total_ms, 2)} testId="response-time" />
          <Metric icon={<IconBolt size={14} />} label="Time to first byte" value={formatMs(r.ttfb_ms, 2)} testId="response-ttfb" />
          <Metric icon={<IconDatabase size={14} />} label="Body size" value={formatBytes(r.size)} testId="response-size" />
        </Group>
      </Group>
      {r.truncated && (
        <Text size="xs" c="orange" mb="xs">
          The body was cut at {formatBytes(r.size)}.
        </Text>
      )}
      <Box mb="xs">
        <RateLimitHeaders facts={rate} burst={burst} />
      </Box>
      {r.status === 429 && <UpgradeNote body={r.body} />}
      <Tabs defaultValue="body" variant="pills" radius="sm">
        <Tabs.List>
          <Tabs.Tab value="body">Body</Tabs.Tab>
          <Tabs.Tab value="headers">Headers ({r.headers.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="body" pt="xs">
          <ResponseBody text={body.text} />
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="xs">
          <Table fz="xs" verticalSpacing={4} data-testid="response-headers" withRowBorders>
            <Table.Tbody>
              {r.headers.map((h, i) => (
                <Table.Tr key={i}>
                  <Table.Td w="38%">
                    <Text size="xs" ff="monospace" fw={600}>
                      {h.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                      {h.value}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  )
}

function Metric({ icon, label, value, testId }: { icon: React.ReactNode; label: string; value: string; testId: string }) {
  return (
    <Tooltip label={label}>
      <Group gap={4} c="dimmed" role="group" aria-label={label}>
        {icon}
        <Box component="span" fz="sm" c="var(--mantine-color-text)" ff="monospace" data-testid={testId}>
          {value}
        </Box>
      </Group>
    </Tooltip>
  )
}

/** A 429's way out: the platform's upgrade_url as "View plans →". */
function UpgradeNote({ body }: { body: string }) {
  let url = ''
  try {
    url = (JSON.parse(body) as { upgrade_url?: string })?.upgrade_url ?? ''
  } catch {
    /* not JSON */
  }
  rememberUpgradeURL(url)
  return (
    <Alert color="orange" variant="light" mb="xs" data-testid="upgrade-note">
      Rate limit exceeded. Upgrade plan for higher limits. <ViewPlansLink url={/^https?:\/\//i.test(url) ? url : undefined} />
    </Alert>
  )
}
