// What build this is (app/settings.go About): the same version and commit
// `penguinmails-console --version` prints and the packages carry.
import { call } from '../../api/transport'

export interface AboutInfo {
  name: string
  version: string
  commit: string
  go_version: string
  platform: string
}

export const getAbout = () => call<AboutInfo>('Settings', 'About')

/** The Go event the native Help → About menu item emits. */
export const MENU_ABOUT_EVENT = 'menu:about'
