// The emails the jobs asked the platform to send, and to whom.
import { Badge, Code, Modal, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconMail } from '@tabler/icons-react'
import { useState } from 'react'
import { ApiError } from '../../api/errors'
import { formatDateTime, relativeTime } from '../../lib/format'
import Section from '../../shared/Section'
import Loading from '../../shared/Loading'
import Empty from '../../shared/Empty'
import { LoadError } from '../../shared/ErrorMessage'
import { ALERT_KIND_LABEL, type SentNotification } from './queries'

const REPLAYED_NOTE =
  'The platform had already sent this email for the same event (another console, or an earlier run, asked first), so it sent nothing new. The text below is how this console worded it.'

export default function NotificationsSection({ items, error, now }: { items?: SentNotification[]; error?: ApiError; now: number }) {
  const [open, setOpen] = useState<SentNotification | null>(null)
  return (
    <Section
      title="Emails sent"
      description="What the jobs asked the platform to email, and to whom (the tenant's admins and the key's creator)."
      icon={<IconMail size={20} />}
    >
      {error && !items ? (
        <LoadError error={error} />
      ) : !items ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>No emails sent yet. Expiry reminders and alert emails appear here once the platform accepts them.</Empty>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="notifications-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Recipients</Table.Th>
                <Table.Th>Sent</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((n) => (
                <Table.Tr key={`${n.id}-${n.sent_at}`} style={{ cursor: 'pointer' }} onClick={() => setOpen(n)}>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={n.kind === 'key_expiry' || n.kind === 'key_rotation' ? 'orange' : 'red'}>
                      {ALERT_KIND_LABEL[n.kind] ?? n.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td maw={380}>
                    <Text size="sm" lineClamp={1}>
                      {n.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={300}>
                    <Text size="sm" lineClamp={2}>
                      {n.recipients.join(', ') || '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={formatDateTime(n.sent_at)}>
                      <Text size="sm">{relativeTime(n.sent_at, now)}</Text>
                    </Tooltip>
                    {n.replayed && (
                      <Badge size="xs" variant="default" title={REPLAYED_NOTE}>
                        Already sent
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.subject} size="lg">
        {open && (
          <Stack gap="sm">
            <Text size="sm">
              <b>To:</b> {open.recipients.join(', ')}
            </Text>
            <Text size="sm" c="dimmed">
              Sent {formatDateTime(open.sent_at)} · platform id <Code>{open.id}</Code>
            </Text>
            {open.replayed && <Text size="sm">{REPLAYED_NOTE}</Text>}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {open.body}
            </Text>
          </Stack>
        )}
      </Modal>
    </Section>
  )
}
