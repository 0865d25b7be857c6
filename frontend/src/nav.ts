// In-app navigation: the sidebar pages and the params one page can pass to
// another ("Try in Tester" passes key_id; "View Usage" passes key_id).
import { createContext, useContext } from 'react'

export type Page = 'overview' | 'keys' | 'docs' | 'usage' | 'logs' | 'alerts' | 'settings'
export type NavParams = Record<string, string>

export interface Nav {
  page: Page
  params: NavParams
  navigate: (page: Page, params?: NavParams) => void
}

export const NavContext = createContext<Nav>({ page: 'overview', params: {}, navigate: () => {} })
export const useNav = (): Nav => useContext(NavContext)
