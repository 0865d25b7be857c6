import { act, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderUI } from '../../test/render'
import AboutDialog, { aboutLine, openAbout } from './AboutDialog'

const handlers = vi.hoisted(() => new Map<string, (d: unknown) => void>())
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({
  call,
  on: (name: string, cb: (d: unknown) => void) => {
    handlers.set(name, cb)
    return () => handlers.delete(name)
  },
}))

const info = { name: 'PenguinMails Developer Console', version: '0.1.0', commit: '0123456789ab', go_version: 'go1.26.8', platform: 'linux/amd64' }

describe('AboutDialog', () => {
  it('opens on the native menu event and shows the version and commit from Go', async () => {
    call.mockResolvedValue(info)
    renderUI(<AboutDialog />)
    expect(screen.queryByTestId('about-version')).not.toBeInTheDocument()
    act(() => handlers.get('menu:about')!(null))
    expect(await screen.findByTestId('about-version')).toHaveTextContent('0.1.0')
    expect(screen.getByTestId('about-commit')).toHaveTextContent('0123456789ab')
    expect(call).toHaveBeenCalledWith('Settings', 'About')
  })

  it('opens from inside the UI too (browser mode has no native menu)', async () => {
    call.mockResolvedValue(info)
    renderUI(<AboutDialog />)
    act(() => openAbout())
    expect(await screen.findByTestId('about-commit')).toHaveTextContent('0123456789ab')
  })

  it('says so when Go cannot answer', async () => {
    call.mockRejectedValue({ code: 'internal', message: 'Something went wrong on our side.' })
    renderUI(<AboutDialog />)
    act(() => openAbout())
    expect(await screen.findByText('Could not read the build information')).toBeInTheDocument()
  })

  it('names the build in one line for bug reports', () => {
    expect(aboutLine(info)).toBe('penguinmails-console 0.1.0 (commit 0123456789ab, go1.26.8, linux/amd64)')
  })
})
