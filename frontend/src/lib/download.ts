// Saves what the user exports (.env, CSV, JSON). In the desktop window the
// Go side opens the native Save dialog (WebKitGTK under Wails ignores
// <a download>); in a browser a Blob link downloads it.
import { notifications } from '@mantine/notifications'
import { call, inWindow } from '../api/transport'
import type { ExportFile, SavedFile } from '../api/types.gen'

export interface SaveResult {
  saved: boolean
  path?: string
  /** Set when the file holds less than was asked for (offline: a snapshot's part). */
  notice?: string
}

export async function saveFile(filename: string, content: string, mime = 'application/octet-stream'): Promise<SaveResult> {
  if (inWindow()) {
    const r = await call('Files', 'Save', filename, content)
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

/** Exports a file the Go side writes. In the window Go asks where (native
 *  dialog) and streams it there from the platform, in constant memory
 *  however large (`save`); in a browser the text comes back (`text`) and
 *  downloads. A notice, if any, is shown. */
export async function exportFile(save: () => Promise<SavedFile>, text: () => Promise<ExportFile>): Promise<SaveResult> {
  let r: SaveResult
  if (inWindow()) {
    const s = await save()
    r = { saved: s.path !== '', path: s.path, notice: s.notice }
  } else {
    const f = await text()
    r = { ...(await saveFile(f.filename, f.content, f.content_type || 'application/octet-stream')), notice: f.notice }
  }
  if (r.saved && r.notice) {
    notifications.show({ color: 'yellow', title: 'Partial export', message: r.notice, autoClose: false })
  }
  return r
}
