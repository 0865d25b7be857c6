// Shows every new alert (Go event alerts:new) as a notification wherever the
// user is in the console, with a way to the Alerts & Jobs screen: a security
// event must be seen at once, not on the next visit to that screen.
import { Anchor, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconShieldExclamation, IconBellRinging } from '@tabler/icons-react'
import { useEffect } from 'react'
import { ALERT_KIND_LABEL, EVENT_ALERT, type JobAlert } from './queries'
import { on } from '../../api/transport'
import { useNav } from '../../nav'

const COLOR: Record<string, string> = { critical: 'red', warning: 'orange', info: 'brand' }

export default function AlertToasts() {
  const { navigate } = useNav()
  useEffect(
    () =>
      on<JobAlert>(EVENT_ALERT, (a) => {
        if (!a || !a.id) return
        notifications.show({
          id: `alert-${a.id}`,
          color: COLOR[a.severity] ?? 'gray',
          icon: a.kind === 'security' ? <IconShieldExclamation size={18} /> : <IconBellRinging size={18} />,
          title: `${ALERT_KIND_LABEL[a.kind] ?? 'Alert'}: ${a.title}`,
          autoClose: a.kind === 'security' ? 15_000 : 8_000,
          message: (
            <Text size="sm" component="div">
              {a.message}{' '}
              <Anchor component="button" type="button" size="sm" fw={600} onClick={() => navigate('alerts')}>
                View alerts
              </Anchor>
            </Text>
          ),
        })
      }),
    [navigate],
  )
  return null
}
