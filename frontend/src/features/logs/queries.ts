// The request log and the audit log (app/logs.go): pages from the platform,
// kept on this computer for offline reading; one request's detail; CSV
// exports; and the live tail (event logs:entry while tailing).
import { call, on } from '../../api/transport'
import { exportFile } from '../../lib/download'

export interface LogEntry {
  request_id: string
  at: string
  key_id: string
  key_name: string
  environment: string
  masked_key: string
  ip: string
  method: string
  route: string
  path: string
  query: string
  status: number
  error: string
  message: string
  latency_ms: number
  request_size: number
  response_size: number
  user_agent: string
  request_headers?: Record<string, string>
  response_headers?: Record<string, string>
  request_body?: unknown
  response_body?: unknown
  bodies_logged?: boolean
  request_body_truncated?: boolean
  response_body_truncated?: boolean
}

export interface AuditEntry {
  id: string
  at: string
  action: string
  actor: string
  role: string
  ip: string
  user_agent: string
  target: string
  detail?: Record<string, unknown>
}

export interface LogsRequest {
  from?: string
  to?: string
  status?: string
  key_id?: string
  method?: string
  path?: string
  ip?: string
  request_id?: string
  cursor?: string
  limit?: number
}

export interface AuditRequest {
  from?: string
  to?: string
  actor?: string
  action?: string
  target?: string
  cursor?: string
  limit?: number
}

/** Where an answer came from: fetched now, or kept from an earlier fetch. */
export interface Kept {
  fetched_at: string
  offline: boolean
  age_seconds: number
  /** Offline and this exact query was never fetched: the last page kept. */
  same_query: boolean
}

export interface LogsView extends Kept {
  page: { entries: LogEntry[]; next_cursor: string }
  query: LogsRequest
}

export interface LogEntryView extends Kept {
  entry: LogEntry
}

export interface AuditView extends Kept {
  page: { entries: AuditEntry[]; next_cursor: string }
  query: AuditRequest
}

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sudo_confirmed',
  'sudo_failed',
  'key_created',
  'key_updated',
  'key_rotated',
  'key_revoked',
  'permissions_changed',
  'notification_sent',
  'security_event',
  'settings_changed',
] as const

export const listLogs = (q: LogsRequest) => call<LogsView>('Logs', 'List', q)
export const getLogEntry = (requestId: string) => call<LogEntryView>('Logs', 'Entry', requestId)
export const exportLogsCSV = (q: LogsRequest) => exportFile('Logs', 'SaveCSV', 'ExportCSV', q)
export const listAudit = (q: AuditRequest) => call<AuditView>('Logs', 'Audit', q)
export const exportAuditCSV = (q: AuditRequest) => exportFile('Logs', 'SaveAuditCSV', 'AuditCSV', q)
export const setTail = (on: boolean) => call<void>('Logs', 'Tail', on)
export const tenantSettings = () => call<{ log_bodies: boolean }>('Logs', 'TenantSettings')
export const setLogBodies = (on: boolean) => call<{ log_bodies: boolean }>('Logs', 'SetLogBodies', on)

/** Calls cb with every new request while the tail is on. */
export const onLogEntry = (cb: (e: LogEntry) => void) => on<LogEntry>('logs:entry', cb)

/** Whether a tailed entry belongs on a list filtered by q (the platform
 *  filters pages; the tail carries every request). */
export function matchesQuery(e: LogEntry, q: LogsRequest): boolean {
  if (q.key_id && e.key_id !== q.key_id) return false
  if (q.method && e.method !== q.method.toUpperCase()) return false
  if (q.ip && e.ip !== q.ip) return false
  if (q.request_id && e.request_id !== q.request_id) return false
  if (q.path) {
    let p = q.path.startsWith('/') ? q.path : '/' + q.path
    if (!p.startsWith('/api/')) p = '/api/v1' + p
    if (!e.path.startsWith(p)) return false
  }
  if (q.status) {
    const s = q.status.toLowerCase()
    if (/^[1-5]xx$/.test(s)) {
      if (Math.floor(e.status / 100) !== Number(s[0])) return false
    } else if (/^\d{3}$/.test(s)) {
      if (e.status !== Number(s)) return false
    } else if (e.error !== s) return false
  }
  if (q.from && Date.parse(e.at) < Date.parse(q.from)) return false
  if (q.to && Date.parse(e.at) >= Date.parse(q.to)) return false
  return true
}
