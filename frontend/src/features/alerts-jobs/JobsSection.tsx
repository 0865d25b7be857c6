// The scheduled jobs: schedule, last run and its result, next run, and Run now.
import { Badge, Button, Code, Group, Table, Text, Tooltip } from '@mantine/core'
import { IconClockExclamation, IconPlayerPlay } from '@tabler/icons-react'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { ApiError } from '../../api/errors'
import { formatDateTime, relativeTime, untilTime } from '../../lib/format'
import Section from '../../shared/Section'
import Loading from '../../shared/Loading'
import { LoadError } from '../../shared/ErrorMessage'
import { runJobNow, type JobStatus } from './queries'

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

export default function JobsSection({ jobs, error, now, onRan }: JobsSectionProps) {
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
        // Four columns that fit the 1024 px window without scrolling: the
        // result sits with the last run it belongs to, Run now under the next
        // run it brings forward, and the description wraps.
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="jobs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Schedule</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th>Next run</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.map((j) => (
                <Table.Tr key={j.name} data-testid={`job-${j.name}`}>
                  <Table.Td maw={280}>
                    <Text fw={600} size="sm">
                      {j.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {j.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{j.schedule_text}</Text>
                    <Code fz="xs" style={{ whiteSpace: 'nowrap' }}>
                      {j.schedule}
                    </Code>
                  </Table.Td>
                  <Table.Td maw={260}>
                    <Group gap={6} wrap="wrap">
                      <ResultBadge job={j} />
                      {/* Never run: the badge says so. */}
                      {j.last_run && (
                        <Tooltip label={formatDateTime(j.last_run)}>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {relativeTime(j.last_run, now)}
                          </Text>
                        </Tooltip>
                      )}
                    </Group>
                    {j.last_run && (
                      <Text size="xs" c="dimmed" mt={2}>
                        {TRIGGER_LABEL[j.trigger] ?? j.trigger}
                        {j.duration_ms > 0 ? ` · ${j.duration_ms} ms` : ''}
                        {j.failures > 0 ? ` · ${j.failures} of ${j.runs} failed` : ''}
                      </Text>
                    )}
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
                      <Text size="sm">—</Text>
                    )}
                    <Button
                      mt={6}
                      size="compact-xs"
                      variant="light"
                      leftSection={<IconPlayerPlay size={12} />}
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
