// What build this is (app/settings.go About): the same version and commit
// `penguinmails-console --version` prints and the packages carry.
import { call } from '../../api/transport'
export type { AboutInfo } from '../../api/types.gen'

export const getAbout = () => call('Settings', 'About')

/** The Go event the native Help → About menu item emits. */
export const MENU_ABOUT_EVENT = 'menu:about'
