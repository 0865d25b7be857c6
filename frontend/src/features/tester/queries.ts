// The API tester (app/tester.go): requests go out from Go, so the UI has
// no CORS limits; history is kept in Badger with every key masked.
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { call } from '../../api/transport'
import type { TesterRequest, WarningsResult } from '../../api/types.gen'
export type { Header, TesterRequest, TesterResponse, HistoryEntry, HistorySummary, TesterWarning, WarningsResult } from '../../api/types.gen'

export const testerInfo = () => call('Tester', 'Info')
export const sendRequest = (req: TesterRequest) => call('Tester', 'Send', req)
export const testerWarnings = (keyId: string, method: string, path: string) =>
  call('Tester', 'Warnings', keyId, method, path)
export const testerHistory = (query: string) => call('Tester', 'History', query)
export const historyEntry = (id: string) => call('Tester', 'HistoryEntry', id)
export const clearHistory = () => call('Tester', 'ClearHistory')
export const parseCurl = (text: string) => call('Tester', 'ParseCurl', text)

/** Where the tester sends (the platform's base URL), read once. */
export const TESTER_INFO_KEY = 'tester-info'
export const useTesterInfo = () => useSWR(TESTER_INFO_KEY, testerInfo, { revalidateOnFocus: false })

/** The history list for a search; every history key starts with 'tester-history', so a send refreshes them all. */
export const historyKey = (q: string) => ['tester-history', q]
export const isHistoryKey = (k: unknown) => Array.isArray(k) && k[0] === 'tester-history'
export const useHistory = (q: string) => useSWR(historyKey(q), () => testerHistory(q))

/** What the gateway would refuse for this key, method and path, asked before sending. */
export const useWarnings = (keyId: string | null | undefined, method: string, path: string) =>
  useSWR<WarningsResult, ApiError>(keyId ? ['tester-warnings', keyId, method, path] : null, () => testerWarnings(keyId!, method, path), {
    dedupingInterval: 0,
    revalidateOnFocus: true,
    keepPreviousData: false,
  })
