// The API tester (app/tester.go): requests go out from Go, so the UI has
// no CORS limits; history is kept in Badger with every key masked.
import { call } from '../../api/transport'
import type { Key } from '../../api/types'

export interface Header {
  name: string
  value: string
}

export interface TesterRequest {
  method: string
  url: string
  headers: Header[]
  body: string
  key_id?: string
  /** The chosen key; Go attaches it only to requests for the platform's origin. */
  key?: string
}

export interface TesterResponse {
  status: number
  status_text: string
  proto: string
  headers: Header[]
  body: string
  size: number
  truncated: boolean
  total_ms: number
  ttfb_ms: number
}

export interface HistoryEntry {
  id: string
  at: string
  request: TesterRequest
  response?: TesterResponse
  error?: string
  key_masked?: string
}

export interface HistorySummary {
  id: string
  at: string
  method: string
  url: string
  status: number
  total_ms: number
  error?: string
  key_id?: string
  key_masked?: string
}

export interface TesterWarning {
  code: string
  message: string
}

export interface WarningsResult {
  warnings: TesterWarning[]
  required_permission: string
  known_endpoint: boolean
  local_ip: string
  key?: Key
}

export const testerInfo = () => call<{ base_url: string; served_remotely: boolean }>('Tester', 'Info')
export const sendRequest = (req: TesterRequest) => call<HistoryEntry>('Tester', 'Send', req)
export const testerWarnings = (keyId: string, method: string, path: string) =>
  call<WarningsResult>('Tester', 'Warnings', keyId, method, path)
export const testerHistory = (query: string) => call<HistorySummary[]>('Tester', 'History', query)
export const historyEntry = (id: string) => call<HistoryEntry>('Tester', 'HistoryEntry', id)
export const clearHistory = () => call<void>('Tester', 'ClearHistory')
export const parseCurl = (text: string) => call<TesterRequest>('Tester', 'ParseCurl', text)
