import { Notifications } from '@mantine/notifications'
import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { JobAlert } from './queries'
import { renderUI } from '../../test/render'
import AlertToasts from './AlertToasts'

const handlers = vi.hoisted(() => new Map<string, (d: unknown) => void>())
vi.mock('../../api/transport', () => ({
  call: vi.fn(),
  on: (name: string, cb: (d: unknown) => void) => {
    handlers.set(name, cb)
    return () => handlers.delete(name)
  },
}))

describe('AlertToasts', () => {
  it('shows a new alert at once, with a way to the Alerts & Jobs screen', async () => {
    const { navigate } = renderUI(
      <>
        <Notifications />
        <AlertToasts />
      </>,
    )
    const alert = {
      id: 'a1',
      kind: 'security',
      severity: 'critical',
      title: 'Blocked request from 127.0.0.1: IP not allowed for key Office',
      message: 'Blocked request from IP 127.0.0.1.',
    } as JobAlert
    act(() => handlers.get('alerts:new')!(alert))
    expect(await screen.findByText('Security: Blocked request from 127.0.0.1: IP not allowed for key Office')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'View alerts' }))
    expect(navigate).toHaveBeenCalledWith('alerts')
  })
})
