// Settings: preferences and where the console keeps its data (app/settings.go).
import { call } from '../../api/transport'
import type { Theme as ThemeChoice } from '../../api/types.gen'
export type { SettingsView, Theme as ThemeChoice } from '../../api/types.gen'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export const getSettings = () => call('Settings', 'Get')
export const setTheme = (t: ThemeChoice) => call('Settings', 'SetTheme', t)
export const setClearClipboard = (on: boolean) => call('Settings', 'SetClearClipboard', on)
export const setLogLevel = (l: LogLevel) => call('Settings', 'SetLogLevel', l)

/** Maps logrus' level names onto the four the console offers. */
export function normaliseLogLevel(l: string): LogLevel {
  if (l === 'warning') return 'warn'
  if (l === 'debug' || l === 'info' || l === 'warn' || l === 'error') return l
  return l === 'trace' ? 'debug' : 'error'
}
