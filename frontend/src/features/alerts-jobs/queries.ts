// Alerts & Jobs: the scheduled jobs, the alert history and the emails the
// jobs sent (app/jobs.go, backend/jobs).
import { call } from '../../api/transport'
import type { JobName, JobSettings, AlertKind } from '../../api/types.gen'
export type { JobName, JobResult, JobStatus, AlertKind, JobAlert, SentNotification, JobSettings } from '../../api/types.gen'

export const JOB_NAMES: JobName[] = ['expiry_reminders', 'usage_snapshots', 'alerts', 'retention']

export const listJobs = () => call('Jobs', 'List')
export const runJobNow = (name: JobName) => call('Jobs', 'RunNow', name)
export const listAlerts = () => call('Jobs', 'Alerts')
export const acknowledgeAlert = (id: string) => call('Jobs', 'Acknowledge', id)
export const acknowledgeAllAlerts = () => call('Jobs', 'AcknowledgeAll')
export const listNotifications = () => call('Jobs', 'Notifications')
export const getJobSettings = () => call('Jobs', 'Settings')
export const saveJobSettings = (s: JobSettings) => call('Jobs', 'SaveSettings', s)

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
