// Thresholds and schedules of the console's jobs (Settings → Jobs & alerts).
// Go validates everything (app/jobs.go → backend/jobs Settings.Validate) and
// names each wrong field; the messages are shown next to their inputs.
import { Button, Code, Group, NumberInput, SimpleGrid, Skeleton, Stack, Switch, Text, TextInput, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCheck } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { ApiError } from '../../api/errors'
import { inWindow } from '../../api/transport'
import { saveJobSettings, useJobSettings, useJobs, useJobsAbout, type JobName, type JobSettings as Settings, type JobStatus } from './queries'
import type { JobNumberSetting } from '../../api/types.gen'
import { ErrorAlert } from '../../shared/ErrorMessage'

type NumberField = JobNumberSetting

// How the form words each numeric setting; their ranges, the jobs' titles
// and the defaults are Go's (Jobs.About), the ones saving enforces.
const NUMBER_FIELDS: { field: NumberField; label: string; description: string; suffix: string }[] = [
  { field: 'error_rate_pct', label: 'Error-rate threshold', description: 'Alert when more requests than this fail', suffix: ' %' },
  { field: 'window_minutes', label: 'Over the last', description: 'The window the error rate is measured over', suffix: ' min' },
  { field: 'min_requests', label: 'Minimum requests', description: 'No error-rate alert on fewer requests than this', suffix: '' },
  { field: 'rate_limit_usage_pct', label: 'Rate-limit usage threshold', description: 'Alert above this share of the plan (any 429 alerts too)', suffix: ' %' },
  { field: 'cooldown_minutes', label: 'Cool-down per alert kind', description: 'One incident makes one email', suffix: ' min' },
  { field: 'reminder_days', label: 'Expiry reminder', description: 'Email about keys expiring within this many days', suffix: ' days' },
  { field: 'retention_days', label: 'Retention', description: 'Snapshots and alert history older than this are pruned', suffix: ' days' },
]

/** A quick check before asking Go: five fields or an @descriptor. */
function cronShapeProblem(spec: string): string | null {
  const s = spec.trim()
  if (!s) return 'Enter a cron expression, e.g. "*/5 * * * *"'
  if (s.startsWith('@')) return null
  const n = s.replace(/^(CRON_)?TZ=\S+\s+/, '').split(/\s+/).length
  return n === 5 ? null : `A cron expression has 5 fields (minute hour day month weekday); this has ${n}`
}

/** The saved schedule in words while the input still holds it. */
function describeSaved(jobs: JobStatus[] | undefined, name: JobName, spec: string): string {
  const j = Array.isArray(jobs) ? jobs.find((x) => x.name === name) : undefined
  if (!j) return ' '
  return j.schedule === spec.trim() ? j.schedule_text : 'Not saved yet'
}

export default function JobSettings() {
  const { data, error, mutate } = useJobSettings()
  // The saved schedules in words ("Every day at 09:00"), from the jobs table.
  const { data: jobs, mutate: mutateJobs } = useJobs(0)
  const about = useJobsAbout()
  const [form, setForm] = useState<Settings | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)

  useEffect(() => {
    if (data && !form) setForm(data)
  }, [data, form])

  if (error && !data) {
    return (
      <ErrorAlert title="Job settings could not be read">
        {error.message}
      </ErrorAlert>
    )
  }
  if (!form || !about) return <Skeleton h={320} />
  const limit = (f: NumberField) => about.limits.find((l) => l.field === f)
  const titles = about.jobs

  const dirty = JSON.stringify(form) !== JSON.stringify(data)
  const setNumber = (field: NumberField, v: string | number) => {
    setForm({ ...form, [field]: typeof v === 'number' ? v : Number.NaN })
    setErrors(({ [field]: _drop, ...rest }) => rest)
  }
  const setSchedule = (name: JobName, v: string) => {
    setForm({ ...form, schedules: { ...form.schedules, [name]: v } })
    setErrors(({ [`schedules.${name}`]: _drop, ...rest }) => rest)
  }

  const save = async () => {
    setFormError(null)
    const local: Record<string, string> = {}
    for (const f of NUMBER_FIELDS) {
      if (!Number.isFinite(form[f.field])) local[f.field] = `${f.label}: enter a number`
    }
    for (const { name, title } of titles) {
      const p = cronShapeProblem(form.schedules[name])
      if (p) local[`schedules.${name}`] = `Schedule of ${title}: ${p}`
    }
    if (Object.keys(local).length) {
      setErrors(local)
      return
    }
    setSaving(true)
    try {
      const saved = await saveJobSettings(form)
      setForm(saved)
      setErrors({})
      await mutate(saved, { revalidate: false })
      void mutateJobs()
      notifications.show({ color: 'teal', icon: <IconCheck size={18} />, title: 'Job settings saved', message: 'New schedules apply at once.' })
    } catch (e) {
      const err = ApiError.from(e)
      if (Object.keys(err.fields).length) setErrors(err.fields)
      else setFormError(err.message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Stack gap="lg" data-testid="job-settings">
      <div>
        <Title order={4} size="h5" mb="xs">
          Thresholds
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {NUMBER_FIELDS.map((f) => (
            <NumberInput
              key={f.field}
              label={f.label}
              description={f.description}
              suffix={f.suffix}
              min={limit(f.field)?.min}
              max={limit(f.field)?.max}
              decimalScale={limit(f.field)?.decimals ? 1 : 0}
              allowDecimal={!!limit(f.field)?.decimals}
              allowNegative={false}
              value={Number.isFinite(form[f.field]) ? form[f.field] : ''}
              onChange={(v) => setNumber(f.field, v)}
              error={errors[f.field]}
              data-testid={`job-setting-${f.field}`}
            />
          ))}
        </SimpleGrid>
        <Switch
          mt="md"
          label="Show security alerts as desktop notifications"
          description={
            inWindow()
              ? 'IP violations and uses of revoked or expired keys, as they happen'
              : 'In the desktop window only; in a browser they show as in-app alerts'
          }
          checked={form.desktop_notifications}
          onChange={(e) => setForm({ ...form, desktop_notifications: e.currentTarget.checked })}
        />
      </div>
      <div>
        <Title order={4} size="h5" mb={4}>
          Schedules
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          Cron expressions in local time: <Code>minute hour day month weekday</Code>, e.g. <Code>0 9 * * *</Code> (every
          day at 09:00) or <Code>*/5 * * * *</Code> (every 5 minutes). <Code>@daily</Code> and <Code>@every 30m</Code> work
          too.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {titles.map(({ name, title }) => (
            <TextInput
              key={name}
              label={title}
              description={describeSaved(jobs, name, form.schedules[name])}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={form.schedules[name] ?? ''}
              onChange={(e) => setSchedule(name, e.currentTarget.value)}
              error={errors[`schedules.${name}`]}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid={`job-schedule-${name}`}
            />
          ))}
        </SimpleGrid>
      </div>
      {formError && (
        <ErrorAlert>
          {formError}
        </ErrorAlert>
      )}
      <Group justify="flex-end" gap="sm">
        <Button
          variant="subtle"
          color="gray"
          onClick={() => {
            setForm({ ...about.defaults, schedules: { ...about.defaults.schedules } })
            setErrors({})
          }}
        >
          Restore defaults
        </Button>
        <Button variant="default" disabled={!dirty || saving} onClick={() => data && (setForm(data), setErrors({}))}>
          Discard changes
        </Button>
        <Button onClick={() => void save()} loading={saving} disabled={!dirty} data-testid="job-settings-save">
          Save job settings
        </Button>
      </Group>
    </Stack>
  )
}
