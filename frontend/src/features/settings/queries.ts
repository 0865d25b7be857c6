// Settings: preferences and where the console keeps its data (app/settings.go).
import { call } from '../../api/transport'

export type ThemeChoice = 'light' | 'dark' | 'auto'
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface SettingsView {
  theme: ThemeChoice
  /** logrus' name for the level: debug, info, warning or error. */
  log_level: string
  api_url: string
  embedded: boolean
  data_dir: string
  mode: string
  /** Clear a copied API key secret from the clipboard after 60 s (on by default). */
  clear_clipboard: boolean
}

export const getSettings = () => call<SettingsView>('Settings', 'Get')
export const setTheme = (t: ThemeChoice) => call<SettingsView>('Settings', 'SetTheme', t)
export const setClearClipboard = (on: boolean) => call<SettingsView>('Settings', 'SetClearClipboard', on)
export const setLogLevel = (l: LogLevel) => call<SettingsView>('Settings', 'SetLogLevel', l)

/** Maps logrus' level names onto the four the console offers. */
export function normaliseLogLevel(l: string): LogLevel {
  if (l === 'warning') return 'warn'
  if (l === 'debug' || l === 'info' || l === 'warn' || l === 'error') return l
  return l === 'trace' ? 'debug' : 'error'
}
