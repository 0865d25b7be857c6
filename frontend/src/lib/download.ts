// Saves text the user exported (.env, CSV, JSON). In the desktop window the
// Go side opens the native Save dialog (WebKitGTK under Wails ignores
// <a download>); in a browser a Blob link downloads it.
import { call, inWindow } from '../api/transport'

export interface SaveResult {
  saved: boolean
  path?: string
}

export async function saveFile(filename: string, content: string, mime = 'application/octet-stream'): Promise<SaveResult> {
  if (inWindow()) {
    const r = await call<{ path: string }>('Files', 'Save', filename, content)
    return { saved: r.path !== '', path: r.path }
  }
  const blob = new Blob([content], { type: mime })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Let the download start before the object URL (and what it holds) goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return { saved: true }
}
