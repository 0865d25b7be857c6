// Copies text. In the desktop window through Go (WebKitGTK under Wails does
// not give pages navigator.clipboard); in a browser through the Clipboard
// API. Resolves true only when the text really reached the clipboard, so no
// button says "Copied" over an empty clipboard.
import { call, inWindow } from '../api/transport'

export async function copyText(text: string): Promise<boolean> {
  if (inWindow()) {
    try {
      await call<void>('Clipboard', 'SetText', text)
      return true
    } catch {
      return false
    }
  }
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
