// What Docs & Tester was showing when the user left it: the view, the
// reference page, the draft, the key and the last answer. Kept in this tab's
// memory (never storage: the choice may hold a pasted secret), so coming back
// from another screen finds the tester as it was, like Postman's open tabs.
import type { HistoryEntry } from './queries'
import { registerDraftHolder } from '../../lib/drafts'
import type { DocsSelection } from '../docs/DocsSidebar'
import { scrubDraft, type Draft } from './draft'
import type { KeyChoice } from './KeyPicker'

export type TesterView = 'reference' | 'tester'

export interface TesterState {
  view: TesterView
  selected: DocsSelection
  draft: Draft | null // null until the document has given a first endpoint
  choice: KeyChoice
  entry: HistoryEntry | null
}

let saved: TesterState | null = null

/** The state left behind by the last visit, if any. */
export function savedTesterState(): TesterState | null {
  return saved
}

export function saveTesterState(s: TesterState): void {
  saved = s
}

/** Forgets everything (sign-out: a pasted secret must not outlive the session). */
export function resetTesterState(): void {
  saved = null
}

/** Keeps the state but no secret in it: no pasted key, no credential header. */
export function scrubTesterState(): void {
  if (!saved) return
  saved = { ...saved, choice: { ...saved.choice, pasted: '' }, draft: saved.draft && scrubDraft(saved.draft) }
}

// Owned like every other draft: gone on sign-out and for another user,
// scrubbed when the session expires.
registerDraftHolder({ clear: resetTesterState, scrub: scrubTesterState })
