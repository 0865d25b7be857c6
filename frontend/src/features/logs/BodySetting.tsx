// Admins decide whether the request log keeps bodies (a tenant setting on
// the platform; changing it is audited). Others see what it is set to.
import { Switch, Tooltip } from '@mantine/core'
import { useState } from 'react'
import { errorMessage } from '../../api/errors'
import { setLogBodies, useTenantSettings } from './queries'
import { useCurrentSession } from '../session/useSession'

export default function BodySetting() {
  const session = useCurrentSession()
  const settings = useTenantSettings()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  if (!settings.data) return null
  const admin = session.user?.role === 'admin'
  const change = async (on: boolean) => {
    setBusy(true)
    setError(null)
    try {
      await settings.mutate(await setLogBodies(on), { revalidate: false })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Tooltip label={admin ? 'Secret-like fields are always redacted' : 'Only admins can change this'} withArrow>
      <Switch
        label="Log request and response bodies"
        checked={settings.data.log_bodies}
        disabled={!admin || busy}
        error={error}
        onChange={(e) => void change(e.currentTarget.checked)}
      />
    </Tooltip>
  )
}
