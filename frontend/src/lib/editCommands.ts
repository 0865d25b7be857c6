// Edit → Undo, Redo, Cut, Copy, Paste, Select All from the window's native
// menu, applied to what has focus in the page. Copy and paste go through
// Go (the page has no clipboard access under WebKitGTK); the rest are the
// document's own editing commands.
import { clipboardText } from '../api/window'
import { copyText } from './clipboard'

export type EditCommand = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'

function selectedText(): string {
  const el = document.activeElement
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    return el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0)
  }
  return window.getSelection()?.toString() ?? ''
}

export async function runEditCommand(cmd: EditCommand): Promise<void> {
  switch (cmd) {
    case 'copy':
    case 'cut': {
      const text = selectedText()
      if (!text) return
      if ((await copyText(text)) && cmd === 'cut') document.execCommand('delete')
      return
    }
    case 'paste': {
      const text = await clipboardText()
      if (text) document.execCommand('insertText', false, text)
      return
    }
    default:
      document.execCommand(cmd)
  }
}
