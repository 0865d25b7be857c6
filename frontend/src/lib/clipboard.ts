// Copies text. In the desktop window through Go (WebKitGTK under Wails does
// not give pages navigator.clipboard); in a browser through the Clipboard
// API. Resolves true only when the text really reached the clipboard, so no
// button says "Copied" over an empty clipboard.
import { call, inWindow } from '../api/transport'

/** How long a copied secret stays on the clipboard (the Go side uses the same). */
export const SECRET_CLIPBOARD_MS = 60_000

export async function copyText(text: string): Promise<boolean> {
  if (inWindow()) {
    try {
      await call('Clipboard', 'SetText', text)
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

let pendingClear: ReturnType<typeof setTimeout> | null = null

/**
 * Copies a secret (an API key, or code holding one) and, with the "clear the
 * clipboard" setting on (the default), clears it a minute later — only if
 * the clipboard still holds that secret. In the window Go keeps the timer
 * (it outlives a reload); in a browser a page timer does, and a browser that
 * will not let the page read the clipboard back keeps it as it is: the
 * console never wipes something it cannot see is its own.
 */
export async function copySecret(text: string): Promise<boolean> {
  if (inWindow()) {
    try {
      await call('Clipboard', 'SetSecret', text)
      return true
    } catch {
      return false
    }
  }
  if (!(await copyText(text))) return false
  let clear = true
  try {
    clear = (await call('Settings', 'Get')).clear_clipboard !== false
  } catch {
    // Settings unreadable: keep the default, on.
  }
  if (!clear) return true
  if (pendingClear) clearTimeout(pendingClear)
  pendingClear = setTimeout(() => {
    pendingClear = null
    void (async () => {
      try {
        if ((await navigator.clipboard.readText()) === text) await navigator.clipboard.writeText('')
      } catch {
        // Reading back refused: leave the clipboard alone.
      }
    })()
  }, SECRET_CLIPBOARD_MS)
  return true
}
