// Logs: every API request of the tenant (Workbench-like: filters, a live
// tail, each request in full and replayable in the tester) and, in the
// Audit tab, who changed what. Support staff may read both.
import { Tabs } from '@mantine/core'
import { IconListSearch, IconShieldCheck } from '@tabler/icons-react'
import AuditPanel from './AuditPanel'
import BodySetting from './BodySetting'
import RequestLogPanel from './RequestLogPanel'
import PageHeader from '../../shared/PageHeader'
import { useNav } from '../../nav'

export default function LogsPage() {
  const { params, navigate } = useNav()
  const tab = params.tab === 'audit' ? 'audit' : 'requests'
  return (
    <>
      <PageHeader
        title="Logs"
        description="Every API request with its id, key, IP, status and bodies — and, under Audit, every change with who made it and from where."
        actions={<BodySetting />}
      />
      <Tabs value={tab} onChange={(v) => navigate('logs', v === 'audit' ? { tab: 'audit' } : {})} keepMounted={false} mt="md">
        <Tabs.List mb="md">
          <Tabs.Tab value="requests" leftSection={<IconListSearch size={16} />}>
            Requests
          </Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconShieldCheck size={16} />}>
            Audit
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="requests">
          <RequestLogPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditPanel />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
