// The desktop window (app/window.go, main's window_menu.go): the window
// starts hidden until the UI says it painted real content, and its native
// menu reaches the UI as events. In a browser there is no window to tell.
import { call, inWindow } from './transport'

/** Real content is in the page: the hidden window is mapped out of sight,
 *  where WebKit can draw it. */
export const painted = (): Promise<void> => (inWindow() ? call('Window', 'Painted') : Promise.resolve())

/** A frame of that content was drawn: the window moves into place. */
export const drawn = (): Promise<void> => (inWindow() ? call('Window', 'Drawn') : Promise.resolve())

/** The first screen painted real data from the platform: the window bench's
 *  marker (logged once by Go). */
export const contentShown = (screen: string): Promise<void> =>
  inWindow() ? call('Window', 'ContentShown', screen) : Promise.resolve()

/** Reads the system clipboard (Edit → Paste in the window). */
export const clipboardText = () => call('Clipboard', 'Text')

/** The events the native menu sends (window_menu.go). */
export const MENU_EVENTS = {
  navigate: 'menu:navigate', // data: the page
  createKey: 'menu:create-key',
  export: 'menu:export',
  edit: 'menu:edit', // data: undo | redo | cut | copy | paste | selectAll
  docs: 'menu:docs',
} as const
