// Edit → Copy, Cut and Paste from the window's menu reach the system
// clipboard through Go and act on what has focus in the page.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { runEditCommand } from './editCommands'

const call = vi.hoisted(() => vi.fn())
vi.mock('../api/transport', () => ({ call, inWindow: () => true, on: () => () => {} }))

describe('edit commands', () => {
  let input: HTMLInputElement
  const exec = vi.fn()
  beforeEach(() => {
    call.mockReset()
    exec.mockReset()
    document.execCommand = exec
    document.body.innerHTML = '<input id="f" value="hello world">'
    input = document.getElementById('f') as HTMLInputElement
    input.focus()
    input.setSelectionRange(0, 5)
  })

  it('copies the selected text of the focused field', async () => {
    call.mockResolvedValue(undefined)
    await runEditCommand('copy')
    expect(call).toHaveBeenCalledWith('Clipboard', 'SetText', 'hello')
    expect(exec).not.toHaveBeenCalled()
  })

  it('cuts: copies, then deletes the selection only once it is on the clipboard', async () => {
    call.mockRejectedValueOnce(new Error('no clipboard'))
    await runEditCommand('cut')
    expect(exec).not.toHaveBeenCalled()
    call.mockResolvedValue(undefined)
    await runEditCommand('cut')
    expect(exec).toHaveBeenCalledWith('delete')
  })

  it('pastes the clipboard text where the cursor is', async () => {
    call.mockResolvedValue('pm_test_abc')
    await runEditCommand('paste')
    expect(call).toHaveBeenCalledWith('Clipboard', 'Text')
    expect(exec).toHaveBeenCalledWith('insertText', false, 'pm_test_abc')
  })

  it('leaves undo, redo and select all to the document', async () => {
    await runEditCommand('selectAll')
    expect(exec).toHaveBeenCalledWith('selectAll')
    expect(call).not.toHaveBeenCalled()
  })
})
