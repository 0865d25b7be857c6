// The alert history: new and acknowledged alerts, and whether each was emailed.
import {
  ActionIcon,
  Badge,
  Button,
  Code,
  Group,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core'
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
  IconShieldExclamation,
} from '@tabler/icons-react'
import { notifications } from '@mantine/notifications'
import { useState, type ReactNode } from 'react'
import { ApiError } from '../../api/errors'
import { formatDateTime, relativeTime } from '../../lib/format'
import Section from '../../shared/Section'
import Loading from '../../shared/Loading'
import Empty from '../../shared/Empty'
import { LoadError } from '../../shared/ErrorMessage'
import { acknowledgeAlert, acknowledgeAllAlerts, ALERT_KIND_LABEL, type AlertKind, type JobAlert } from './queries'

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

export default function AlertsSection({ alerts, error, newCount, now, onChanged }: AlertsSectionProps) {
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
