import { fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { renderUI, sessionFixture } from '../../test/render'
import SettingsPage from './SettingsPage'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const view = {
  theme: 'auto',
  log_level: 'warning',
  api_url: 'https://api.penguinmails.example',
  embedded: false,
  data_dir: '/home/ada/.config/penguinmails-console',
  mode: 'window',
}

function backend() {
  call.mockImplementation(async (svc: string, method: string, arg?: string) => {
    if (svc === 'Settings' && method === 'Get') return view
    if (svc === 'Settings' && method === 'SetTheme') return { ...view, theme: arg }
    if (svc === 'Settings' && method === 'SetLogLevel') return { ...view, log_level: arg }
    if (svc === 'Session' && method === 'SignOut') return null
    throw new Error(`unexpected ${svc}.${method}`)
  })
}

const remote = sessionFixture({ embedded: false, api_url: 'https://api.penguinmails.example' })

describe('SettingsPage', () => {
  it('shows the connection, the signed-in user and role, and the data directory read-only', async () => {
    backend()
    renderUI(<SettingsPage />, { session: remote })
    expect(await screen.findByDisplayValue('/home/ada/.config/penguinmails-console')).toHaveAttribute('readonly')
    expect(screen.getByTestId('settings-api-url')).toHaveTextContent('https://api.penguinmails.example')
    expect(screen.getByText('Remote')).toBeInTheDocument()
    expect(screen.getByText('Online')).toBeInTheDocument()
    expect(screen.getByTestId('settings-user-name')).toHaveTextContent('Ada Admin')
    expect(screen.getByTestId('settings-user-role')).toHaveTextContent('Admin')
    expect(screen.getByText('Desktop window')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Copy data directory path' })).toBeInTheDocument()
  })

  it('stores the theme choice in Go', async () => {
    backend()
    renderUI(<SettingsPage />, { session: remote })
    await screen.findByDisplayValue('/home/ada/.config/penguinmails-console')
    fireEvent.click(screen.getByText('Dark'))
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('Settings', 'SetTheme', 'dark'))
  })

  it('shows logrus’ "warning" as Warn and changes the log level', async () => {
    backend()
    renderUI(<SettingsPage />, { session: remote })
    const [select] = await screen.findAllByLabelText('Log level', { selector: 'input' })
    expect(select).toHaveValue('Warn — problems worth a look')
    await userEvent.click(select)
    await userEvent.click(await screen.findByRole('option', { name: /^Debug/ }))
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('Settings', 'SetLogLevel', 'debug'))
  })

  it('signs out through the session service', async () => {
    backend()
    renderUI(<SettingsPage />, { session: remote })
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await vi.waitFor(() => expect(call).toHaveBeenCalledWith('Session', 'SignOut'))
  })
})
