// Alerts & Jobs (SPEC §3, §5): the scheduled jobs with "Run now", the alert
// history (new / acknowledged) and the emails the jobs asked the platform to
// send. Alerts arrive live (alerts:new) and runs report themselves (jobs:run).
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  IconAlertTriangle,
  IconBellRinging,
  IconCheck,
  IconChecks,
  IconClockExclamation,
  IconRotateClockwise,
  IconGauge,
  IconMail,
  IconMailOff,
  IconPlayerPlay,
  IconShieldExclamation,
  IconSettings,
} from '@tabler/icons-react'
import { useEffect, useState, type ReactNode } from 'react'
import useSWR from 'swr'
import { ApiError } from '../../api/errors'
import {
  acknowledgeAlert,
  acknowledgeAllAlerts,
  ALERT_KIND_LABEL,
  EVENT_ALERT,
  EVENT_JOB_RUN,
  listAlerts,
  listJobs,
  listNotifications,
  runJobNow,
  type AlertKind,
  type JobAlert,
  type JobStatus,
  type SentNotification,
} from './queries'
import { on } from '../../api/transport'
import PageHeader from '../../shared/PageHeader'
import { formatDateTime, relativeTime, untilTime } from '../../lib/format'
import { useNav } from '../../nav'

const REPLAYED_NOTE =
  'The platform had already sent this email for the same event (another console, or an earlier run, asked first), so it sent nothing new. The text below is how this console worded it.'

const SWR_OPTS = { dedupingInterval: 0, revalidateOnFocus: true, keepPreviousData: true } as const

/** Re-renders every 15 s so "in 3 min" stays true. */
function useNow(ms = 15_000): number {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(t)
  }, [ms])
  return now
}

export default function AlertsJobsPage() {
  const jobs = useSWR<JobStatus[], ApiError>('jobs:list', listJobs, { ...SWR_OPTS, refreshInterval: 30_000 })
  const alerts = useSWR<JobAlert[], ApiError>('jobs:alerts', listAlerts, SWR_OPTS)
  const sent = useSWR<SentNotification[], ApiError>('jobs:notifications', listNotifications, SWR_OPTS)
  const { navigate } = useNav()
  const now = useNow()

  // Live: a new alert or a finished run refreshes what it changes.
  const { mutate: mutateJobs } = jobs
  const { mutate: mutateAlerts } = alerts
  const { mutate: mutateSent } = sent
  useEffect(() => {
    const offAlert = on<JobAlert>(EVENT_ALERT, () => {
      void mutateAlerts()
      void mutateSent()
    })
    const offRun = on<JobStatus>(EVENT_JOB_RUN, (st) => {
      void mutateJobs((list) => list?.map((j) => (j.name === st.name ? st : j)), { revalidate: false })
      void mutateSent()
    })
    return () => {
      offAlert()
      offRun()
    }
  }, [mutateJobs, mutateAlerts, mutateSent])

  const newCount = alerts.data?.filter((a) => a.status === 'new').length ?? 0
  const onRan = (st: JobStatus) => {
    void mutateJobs((list) => list?.map((j) => (j.name === st.name ? st : j)), { revalidate: false })
    void mutateAlerts()
    void mutateSent()
  }

  return (
    <Stack gap="xl">
      <PageHeader
        title="Alerts & Jobs"
        description="Scheduled jobs, the alerts they raised, and the emails they had the platform send."
        actions={
          <Button variant="default" leftSection={<IconSettings size={16} />} onClick={() => navigate('settings')}>
            Thresholds & schedules
          </Button>
        }
      />
      <JobsSection jobs={jobs.data} error={jobs.error} now={now} onRan={onRan} />
      <AlertsSection
        alerts={alerts.data}
        error={alerts.error}
        newCount={newCount}
        now={now}
        onChanged={() => void mutateAlerts()}
      />
      <NotificationsSection items={sent.data} error={sent.error} now={now} />
    </Stack>
  )
}

interface SectionProps {
  title: string
  description: string
  icon: ReactNode
  actions?: ReactNode
  children: ReactNode
}

function Section({ title, description, icon, actions, children }: SectionProps) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={36} radius="md">
            {icon}
          </ThemeIcon>
          <div>
            <Title order={3} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </div>
        </Group>
        {actions}
      </Group>
      {children}
    </Card>
  )
}

function LoadError({ error }: { error: ApiError }) {
  return (
    <Text c="red" size="sm" role="alert">
      {error.message}
    </Text>
  )
}

function Loading({ rows = 3 }: { rows?: number }) {
  return (
    <Stack gap="xs">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={36} />
      ))}
    </Stack>
  )
}

// ---- jobs ----

const TRIGGER_LABEL: Record<string, string> = {
  schedule: 'on schedule',
  startup: 'at start-up',
  catch_up: 'catch-up after a missed run',
  manual: 'Run now',
  sign_in: 'after sign-in',
}

function ResultBadge({ job }: { job: JobStatus }) {
  if (job.running) {
    return (
      <Badge color="brand" variant="light">
        Running
      </Badge>
    )
  }
  switch (job.result) {
    case 'ok':
      return (
        <Badge color="teal" variant="light">
          OK
        </Badge>
      )
    case 'error':
      return (
        <Badge color="red" variant="light">
          Failed
        </Badge>
      )
    case 'skipped':
      return (
        <Badge color="gray" variant="light">
          Skipped
        </Badge>
      )
    default:
      return (
        <Badge color="gray" variant="outline">
          Not run yet
        </Badge>
      )
  }
}

interface JobsSectionProps {
  jobs?: JobStatus[]
  error?: ApiError
  now: number
  onRan: (st: JobStatus) => void
}

function JobsSection({ jobs, error, now, onRan }: JobsSectionProps) {
  const [busy, setBusy] = useState<string | null>(null)
  const run = async (j: JobStatus) => {
    setBusy(j.name)
    try {
      const st = await runJobNow(j.name)
      onRan(st)
      notifications.show({
        color: st.result === 'error' ? 'red' : st.result === 'skipped' ? 'gray' : 'teal',
        title: `${st.title}: ${st.result === 'ok' ? 'done' : st.result === 'error' ? 'failed' : 'skipped'}`,
        message: st.message || 'Finished.',
      })
    } catch (e) {
      notifications.show({ color: 'red', title: `${j.title} did not run`, message: ApiError.from(e).message })
    } finally {
      setBusy(null)
    }
  }
  return (
    <Section
      title="Scheduled jobs"
      description="Run by the console while it is open; runs missed while it was closed are caught up once at start-up."
      icon={<IconClockExclamation size={20} />}
    >
      {error && !jobs ? (
        <LoadError error={error} />
      ) : !jobs ? (
        <Loading rows={4} />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="jobs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Schedule</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th>Next run</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.map((j) => (
                <Table.Tr key={j.name} data-testid={`job-${j.name}`}>
                  <Table.Td maw={300}>
                    <Text fw={600} size="sm">
                      {j.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {j.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {j.schedule_text}
                    </Text>
                    <Code fz="xs">{j.schedule}</Code>
                  </Table.Td>
                  <Table.Td>
                    {j.last_run ? (
                      <Tooltip label={formatDateTime(j.last_run)}>
                        <div>
                          <Text size="sm">{relativeTime(j.last_run, now)}</Text>
                          <Text size="xs" c="dimmed">
                            {TRIGGER_LABEL[j.trigger] ?? j.trigger}
                            {j.duration_ms > 0 ? ` · ${j.duration_ms} ms` : ''}
                          </Text>
                        </div>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Never
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={300}>
                    <Group gap={6}>
                      <ResultBadge job={j} />
                      {j.failures > 0 && (
                        <Text size="xs" c="dimmed">
                          {j.failures} of {j.runs} failed
                        </Text>
                      )}
                    </Group>
                    {j.message && (
                      <Text size="xs" c={j.result === 'error' ? 'red' : 'dimmed'} mt={4} lineClamp={3} data-testid="job-message">
                        {j.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {j.next_run ? (
                      <Tooltip label={formatDateTime(j.next_run)}>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {untilTime(j.next_run, now)}
                        </Text>
                      </Tooltip>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      leftSection={<IconPlayerPlay size={14} />}
                      loading={busy === j.name || j.running}
                      disabled={busy !== null && busy !== j.name}
                      onClick={() => void run(j)}
                    >
                      Run now
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  )
}

// ---- alerts ----

const KIND_ICON: Record<AlertKind, ReactNode> = {
  key_expiry: <IconClockExclamation size={18} />,
  key_rotation: <IconRotateClockwise size={18} />,
  error_rate: <IconAlertTriangle size={18} />,
  rate_limit: <IconGauge size={18} />,
  security: <IconShieldExclamation size={18} />,
}

const SEVERITY_COLOR: Record<string, string> = { critical: 'red', warning: 'orange', info: 'brand' }

type AlertFilter = 'all' | 'new' | 'acknowledged'

interface AlertsSectionProps {
  alerts?: JobAlert[]
  error?: ApiError
  newCount: number
  now: number
  onChanged: () => void
}

function AlertsSection({ alerts, error, newCount, now, onChanged }: AlertsSectionProps) {
  const [filter, setFilter] = useState<AlertFilter>('all')
  const [busy, setBusy] = useState<string | null>(null)
  const ack = async (id: string | null) => {
    setBusy(id ?? '*')
    try {
      if (id) await acknowledgeAlert(id)
      else await acknowledgeAllAlerts()
      onChanged()
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not acknowledge', message: ApiError.from(e).message })
    } finally {
      setBusy(null)
    }
  }
  const shown = (alerts ?? []).filter((a) => filter === 'all' || a.status === filter)
  return (
    <Section
      title="Alerts"
      description="Key expiry, error rate and rate-limit alerts from the jobs; security events from the live stream at once."
      icon={<IconBellRinging size={20} />}
      actions={
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            value={filter}
            onChange={(v) => setFilter(v as AlertFilter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'new', label: `New${newCount ? ` (${newCount})` : ''}` },
              { value: 'acknowledged', label: 'Acknowledged' },
            ]}
          />
          <Button
            size="xs"
            variant="default"
            leftSection={<IconChecks size={14} />}
            disabled={newCount === 0}
            loading={busy === '*'}
            onClick={() => void ack(null)}
          >
            Acknowledge all
          </Button>
        </Group>
      }
    >
      {error && !alerts ? (
        <LoadError error={error} />
      ) : !alerts ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty>
          {filter === 'new'
            ? 'No new alerts. Everything has been looked at.'
            : 'No alerts yet. They appear here when a key nears expiry, errors or 429s cross a threshold, or the platform reports a security event.'}
        </Empty>
      ) : (
        <Stack gap={0} data-testid="alerts-list">
          {shown.map((a, i) => (
            <Group
              key={a.id}
              wrap="nowrap"
              align="flex-start"
              gap="md"
              py="sm"
              style={i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
              data-testid="alert-row"
              data-status={a.status}
              data-kind={a.kind}
            >
              <ThemeIcon
                variant={a.status === 'new' ? 'light' : 'subtle'}
                color={a.status === 'new' ? SEVERITY_COLOR[a.severity] ?? 'gray' : 'gray'}
                size={34}
                radius="md"
              >
                {KIND_ICON[a.kind] ?? <IconAlertTriangle size={18} />}
              </ThemeIcon>
              <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} size="sm" c={a.status === 'new' ? undefined : 'dimmed'}>
                    {a.title}
                  </Text>
                  {a.occurrences > 1 && (
                    <Tooltip label={`Seen ${a.occurrences} times, last ${formatDateTime(a.last_seen)}`}>
                      <Badge size="xs" variant="outline" color="gray">
                        ×{a.occurrences}
                      </Badge>
                    </Tooltip>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {a.message}
                </Text>
                <Group gap="xs" wrap="wrap">
                  <Badge size="xs" variant="light" color={SEVERITY_COLOR[a.severity] ?? 'gray'}>
                    {ALERT_KIND_LABEL[a.kind] ?? a.kind}
                  </Badge>
                  {a.status === 'new' ? (
                    <Badge size="xs" variant="filled" color="brand">
                      New
                    </Badge>
                  ) : (
                    <Badge size="xs" variant="default">
                      Acknowledged {a.acknowledged_at ? relativeTime(a.acknowledged_at, now) : ''}
                    </Badge>
                  )}
                  <EmailBadge alert={a} />
                  {a.key_id && <Code fz="xs">{a.key_id}</Code>}
                  <Tooltip label={formatDateTime(a.at)}>
                    <Text size="xs" c="dimmed">
                      {relativeTime(a.at, now)}
                    </Text>
                  </Tooltip>
                </Group>
              </Stack>
              {a.status === 'new' && (
                <Tooltip label="Acknowledge">
                  <ActionIcon
                    variant="default"
                    size="lg"
                    aria-label={`Acknowledge “${a.title}”`}
                    loading={busy === a.id}
                    onClick={() => void ack(a.id)}
                  >
                    <IconCheck size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  )
}

function EmailBadge({ alert }: { alert: JobAlert }) {
  if (alert.kind === 'security') {
    return (
      <Tooltip label="The platform emails the admins about security events itself; the console does not email again.">
        <Badge size="xs" variant="light" color="gray" leftSection={<IconMail size={10} />}>
          Emailed by the platform
        </Badge>
      </Tooltip>
    )
  }
  if (alert.emailed) {
    return (
      <Badge size="xs" variant="light" color="teal" leftSection={<IconMail size={10} />}>
        Email sent
      </Badge>
    )
  }
  return (
    <Tooltip label={alert.email_error || 'No email was sent.'}>
      <Badge size="xs" variant="light" color="red" leftSection={<IconMailOff size={10} />}>
        Email failed
      </Badge>
    </Tooltip>
  )
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" ta="center" py="lg">
      {children}
    </Text>
  )
}

// ---- notifications ----

function NotificationsSection({ items, error, now }: { items?: SentNotification[]; error?: ApiError; now: number }) {
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

