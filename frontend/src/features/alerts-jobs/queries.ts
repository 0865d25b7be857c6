// Alerts & Jobs: the scheduled jobs, the alert history and the emails the
// jobs sent (app/jobs.go, backend/jobs).
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { call } from '../../api/transport'
import type { AlertKind, JobAlert, JobName, JobSettings, JobStatus, SentNotification, SettingsMeta } from '../../api/types.gen'
export type { JobName, JobResult, JobStatus, AlertKind, JobAlert, SentNotification, JobSettings } from '../../api/types.gen'

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

// The screen's three lists. Never deduplicated: a run or an alert can change
// them at any moment, and the live events (EVENT_ALERT, EVENT_JOB_RUN) mutate them.
const SWR_OPTS = { dedupingInterval: 0, revalidateOnFocus: true, keepPreviousData: true } as const
export const JOB_SETTINGS_KEY = 'jobs:settings'
export const JOBS_KEY = 'jobs:list'
export const ALERTS_KEY = 'jobs:alerts'
export const NOTIFICATIONS_KEY = 'jobs:notifications'
/** The jobs table, re-read every refreshMs (0: only on demand and on focus). */
export const useJobs = (refreshMs = 30_000) =>
  useSWR<JobStatus[], ApiError>(JOBS_KEY, listJobs, { ...SWR_OPTS, refreshInterval: refreshMs })
export const useAlerts = () => useSWR<JobAlert[], ApiError>(ALERTS_KEY, listAlerts, SWR_OPTS)
export const useSentNotifications = () => useSWR<SentNotification[], ApiError>(NOTIFICATIONS_KEY, listNotifications, SWR_OPTS)
export const useJobSettings = () => useSWR<JobSettings, ApiError>(JOB_SETTINGS_KEY, getJobSettings, { dedupingInterval: 0 })

/** The jobs' titles in order, the settings' ranges and defaults: Go's (Jobs.About), the ones saving enforces. */
export const jobsAbout = () => call('Jobs', 'About')
export const useJobsAbout = () => useSWR<SettingsMeta, ApiError>('jobs:about', jobsAbout, { revalidateOnFocus: false }).data
