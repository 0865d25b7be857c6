// copyText: Go's clipboard in the window, the Clipboard API in a browser,
// and false (never a false "Copied") when neither works.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const transport = vi.hoisted(() => ({ call: vi.fn(), inWindow: vi.fn() }))
vi.mock('../api/transport', () => transport)

import { copyText } from './clipboard'

describe('copyText', () => {
  beforeEach(() => {
    transport.call.mockReset()
    transport.inWindow.mockReset()
  })

  it('goes through Go in the desktop window', async () => {
    transport.inWindow.mockReturnValue(true)
    transport.call.mockResolvedValue(undefined)
    expect(await copyText('pm_test_x')).toBe(true)
    expect(transport.call).toHaveBeenCalledWith('Clipboard', 'SetText', 'pm_test_x')
  })

  it('reports failure when Go cannot reach the clipboard', async () => {
    transport.inWindow.mockReturnValue(true)
    transport.call.mockRejectedValue(new Error('no display'))
    expect(await copyText('x')).toBe(false)
  })

  it('uses the Clipboard API in a browser', async () => {
    transport.inWindow.mockReturnValue(false)
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    expect(await copyText('hello')).toBe(true)
    expect(writeText).toHaveBeenCalledWith('hello')
    writeText.mockRejectedValue(new Error('denied'))
    expect(await copyText('hello')).toBe(false)
    expect(transport.call).not.toHaveBeenCalled()
  })
})
