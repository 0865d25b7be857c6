// Alerts & Jobs (SPEC §3, §5): the scheduled jobs with "Run now", the alert
// history (new / acknowledged) and the emails the jobs asked the platform to
// send. Alerts arrive live (alerts:new) and runs report themselves (jobs:run).
import { Button, Stack } from '@mantine/core'
import { IconSettings } from '@tabler/icons-react'
import { useEffect } from 'react'
import { on } from '../../api/transport'
import PageHeader from '../../shared/PageHeader'
import { useNow } from '../../shared/useNow'
import { useNav } from '../../nav'
import AlertsSection from './AlertsSection'
import JobsSection from './JobsSection'
import NotificationsSection from './NotificationsSection'
import { EVENT_ALERT, EVENT_JOB_RUN, useAlerts, useJobs, useSentNotifications, type JobAlert, type JobStatus } from './queries'

export default function AlertsJobsPage() {
  const jobs = useJobs()
  const alerts = useAlerts()
  const sent = useSentNotifications()
  const { navigate } = useNav()
  const now = useNow(15_000)

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
