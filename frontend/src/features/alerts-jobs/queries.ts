// Alerts & Jobs: the scheduled jobs, the alert history and the emails the
// jobs sent (app/jobs.go, backend/jobs).
import { call } from '../../api/transport'

export type JobName = 'expiry_reminders' | 'usage_snapshots' | 'alerts' | 'retention'
export type JobResult = 'ok' | 'error' | 'skipped' | ''

export interface JobStatus {
  name: JobName
  title: string
  description: string
  /** The cron expression. */
  schedule: string
  /** The schedule in words, e.g. "Every day at 09:00". */
  schedule_text: string
  last_run: string | null
  result: JobResult
  /** What the run did (ok), why it was skipped, or the error. */
  message: string
  duration_ms: number
  trigger: 'schedule' | 'startup' | 'catch_up' | 'manual' | 'sign_in' | ''
  next_run: string | null
  running: boolean
  runs: number
  failures: number
}

export type AlertKind = 'key_expiry' | 'key_rotation' | 'error_rate' | 'rate_limit' | 'security'

export interface JobAlert {
  id: string
  kind: AlertKind
  severity: 'info' | 'warning' | 'critical'
  title: string
  message: string
  key_id?: string
  ip?: string
  security_kind?: string
  at: string
  last_seen: string
  occurrences: number
  status: 'new' | 'acknowledged'
  acknowledged_at: string | null
  emailed: boolean
  notification_id?: string
  email_error?: string
}

export interface SentNotification {
  id: string
  kind: AlertKind
  key_id?: string
  subject: string
  body: string
  recipients: string[]
  sent_at: string
  job: string
  /** The platform had already sent this event's email (one per event, however many consoles ask). */
  replayed?: boolean
}

export interface JobSettings {
  error_rate_pct: number
  window_minutes: number
  min_requests: number
  rate_limit_usage_pct: number
  cooldown_minutes: number
  reminder_days: number
  retention_days: number
  desktop_notifications: boolean
  schedules: Record<JobName, string>
}

export const JOB_NAMES: JobName[] = ['expiry_reminders', 'usage_snapshots', 'alerts', 'retention']

export const listJobs = () => call<JobStatus[]>('Jobs', 'List')
export const runJobNow = (name: JobName) => call<JobStatus>('Jobs', 'RunNow', name)
export const listAlerts = () => call<JobAlert[]>('Jobs', 'Alerts')
export const acknowledgeAlert = (id: string) => call<JobAlert>('Jobs', 'Acknowledge', id)
export const acknowledgeAllAlerts = () => call<number>('Jobs', 'AcknowledgeAll')
export const listNotifications = () => call<SentNotification[]>('Jobs', 'Notifications')
export const getJobSettings = () => call<JobSettings>('Jobs', 'Settings')
export const saveJobSettings = (s: JobSettings) => call<JobSettings>('Jobs', 'SaveSettings', s)

/** Go event names (app/events.go). */
export const EVENT_ALERT = 'alerts:new'
export const EVENT_JOB_RUN = 'jobs:run'

export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  key_expiry: 'Key expiry',
  key_rotation: 'Key rotation',
  error_rate: 'Error rate',
  rate_limit: 'Rate limit',
  security: 'Security',
}
