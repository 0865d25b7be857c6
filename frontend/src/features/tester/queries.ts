// The API tester (app/tester.go): requests go out from Go, so the UI has
// no CORS limits; history is kept in Badger with every key masked.
import { call } from '../../api/transport'
import type { TesterRequest } from '../../api/types.gen'
export type { Header, TesterRequest, TesterResponse, HistoryEntry, HistorySummary, TesterWarning, WarningsResult } from '../../api/types.gen'

export const testerInfo = () => call('Tester', 'Info')
export const sendRequest = (req: TesterRequest) => call('Tester', 'Send', req)
export const testerWarnings = (keyId: string, method: string, path: string) =>
  call('Tester', 'Warnings', keyId, method, path)
export const testerHistory = (query: string) => call('Tester', 'History', query)
export const historyEntry = (id: string) => call('Tester', 'HistoryEntry', id)
export const clearHistory = () => call('Tester', 'ClearHistory')
export const parseCurl = (text: string) => call('Tester', 'ParseCurl', text)
