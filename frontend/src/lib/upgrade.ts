// Where "View plans →" goes, and how it opens: in the system browser. In the
// desktop window through Wails' BrowserOpenURL (the window itself never
// navigates away); in a browser, a new tab.
import { inWindow } from '../api/transport'

/**
 * The plans page. The platform names it in every 429 (upgrade_url); until
 * one was seen this session, the same address the platform answers.
 */
export const DEFAULT_UPGRADE_URL = 'https://penguinmails.com/pricing'
let lastSeen = ''

/** Remembers the upgrade_url of a 429 answer (only http(s) addresses). */
export function rememberUpgradeURL(url: string | undefined): void {
  if (url && /^https?:\/\//i.test(url)) lastSeen = url
}

export const upgradeURL = (): string => lastSeen || DEFAULT_UPGRADE_URL

interface WailsRuntime {
  BrowserOpenURL?: (url: string) => void
}

/** Opens url in the system browser. Only http(s) addresses are opened. */
export function openExternal(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false
  const rt = (window as unknown as { runtime?: WailsRuntime }).runtime
  if (inWindow() && rt?.BrowserOpenURL) {
    rt.BrowserOpenURL(url)
    return true
  }
  window.open(url, '_blank', 'noopener,noreferrer')
  return true
}
