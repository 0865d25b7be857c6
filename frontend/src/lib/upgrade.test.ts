// "View plans →" opens the plans page in the system browser: Wails'
// BrowserOpenURL in the window, a new tab in a browser; nothing else opens.
import { afterEach, describe, expect, it, vi } from 'vitest'

const transport = vi.hoisted(() => ({ call: vi.fn(), inWindow: vi.fn() }))
vi.mock('../api/transport', () => transport)

import { DEFAULT_UPGRADE_URL, openExternal, rememberUpgradeURL, upgradeURL } from './upgrade'

describe('openExternal', () => {
  afterEach(() => {
    delete (window as unknown as { runtime?: unknown }).runtime
    vi.restoreAllMocks()
  })

  it('uses BrowserOpenURL in the desktop window', () => {
    transport.inWindow.mockReturnValue(true)
    const BrowserOpenURL = vi.fn()
    ;(window as unknown as { runtime: unknown }).runtime = { BrowserOpenURL }
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    expect(openExternal('https://penguinmails.com/pricing')).toBe(true)
    expect(BrowserOpenURL).toHaveBeenCalledWith('https://penguinmails.com/pricing')
    expect(open).not.toHaveBeenCalled()
  })

  it('opens a new tab in a browser, and refuses other schemes', () => {
    transport.inWindow.mockReturnValue(false)
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    expect(openExternal('https://penguinmails.com/pricing')).toBe(true)
    expect(open).toHaveBeenCalledWith('https://penguinmails.com/pricing', '_blank', 'noopener,noreferrer')
    expect(openExternal('javascript:alert(1)')).toBe(false)
    expect(open).toHaveBeenCalledTimes(1)
  })

  it('goes where the last 429 said', () => {
    expect(upgradeURL()).toBe(DEFAULT_UPGRADE_URL)
    rememberUpgradeURL('file:///etc/passwd')
    expect(upgradeURL()).toBe(DEFAULT_UPGRADE_URL)
    rememberUpgradeURL('https://example.com/plans')
    expect(upgradeURL()).toBe('https://example.com/plans')
  })
})
