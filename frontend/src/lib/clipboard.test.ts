// copyText: Go's clipboard in the window, the Clipboard API in a browser,
// and false (never a false "Copied") when neither works.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const transport = vi.hoisted(() => ({ call: vi.fn(), inWindow: vi.fn() }))
vi.mock('../api/transport', () => transport)

import { copySecret, copyText } from './clipboard'

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

describe('copySecret', () => {
  beforeEach(() => {
    transport.call.mockReset()
    transport.inWindow.mockReset()
    vi.useFakeTimers()
  })

  function browserBoard() {
    let text = ''
    const board = {
      writeText: vi.fn(async (s: string) => void (text = s)),
      readText: vi.fn(async () => text),
      get: () => text,
    }
    Object.defineProperty(navigator, 'clipboard', { value: board, configurable: true })
    return board
  }

  it('asks Go to copy and clear in the desktop window', async () => {
    transport.inWindow.mockReturnValue(true)
    transport.call.mockResolvedValue(true)
    expect(await copySecret('pm_live_x')).toBe(true)
    expect(transport.call).toHaveBeenCalledWith('Clipboard', 'SetSecret', 'pm_live_x')
  })

  it('clears the secret 60 s after the Copy in a browser', async () => {
    transport.inWindow.mockReturnValue(false)
    transport.call.mockResolvedValue({ clear_clipboard: true })
    const b = browserBoard()
    expect(await copySecret('pm_live_secret')).toBe(true)
    await vi.advanceTimersByTimeAsync(59_000)
    expect(b.get()).toBe('pm_live_secret')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(b.get()).toBe('')
    vi.useRealTimers()
  })

  it('leaves what the user copied since', async () => {
    transport.inWindow.mockReturnValue(false)
    transport.call.mockResolvedValue({ clear_clipboard: true })
    const b = browserBoard()
    await copySecret('pm_live_secret')
    await vi.advanceTimersByTimeAsync(5_000)
    await b.writeText('my own text')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(b.get()).toBe('my own text')
    vi.useRealTimers()
  })

  it('keeps the secret when the setting is off', async () => {
    transport.inWindow.mockReturnValue(false)
    transport.call.mockResolvedValue({ clear_clipboard: false })
    const b = browserBoard()
    await copySecret('pm_live_secret')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(b.get()).toBe('pm_live_secret')
    vi.useRealTimers()
  })
})
