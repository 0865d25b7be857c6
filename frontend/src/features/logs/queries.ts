// The request log and the audit log (app/logs.go): pages from the platform,
// kept on this computer for offline reading; one request's detail; CSV
// exports; and the live tail (event logs:entry while tailing).
import useSWR from 'swr'
import type { ApiError } from '../../api/errors'
import { call, on } from '../../api/transport'
import { exportFile } from '../../lib/download'
import type { AuditRequest, LogEntry, LogEntryView, LogsRequest } from '../../api/types.gen'
export type { LogEntry, AuditEntry, LogsRequest, AuditRequest, Kept, LogsView, LogEntryView, AuditView } from '../../api/types.gen'

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

export const listLogs = (q: LogsRequest) => call('Logs', 'List', q)
export const getLogEntry = (requestId: string) => call('Logs', 'Entry', requestId)
export const exportLogsCSV = (q: LogsRequest) => exportFile(
    () => call('Logs', 'SaveCSV', q),
    () => call('Logs', 'ExportCSV', q),
  )
export const listAudit = (q: AuditRequest) => call('Logs', 'Audit', q)
export const exportAuditCSV = (q: AuditRequest) => exportFile(
    () => call('Logs', 'SaveAuditCSV', q),
    () => call('Logs', 'AuditCSV', q),
  )
export const setTail = (on: boolean) => call('Logs', 'Tail', on)
export const tenantSettings = () => call('Logs', 'TenantSettings')
export const setLogBodies = (on: boolean) => call('Logs', 'SetLogBodies', on)

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

/** The tenant's request-log settings (bodies on or off). */
export const TENANT_SETTINGS_KEY = 'tenant-settings'
export const useTenantSettings = () =>
  useSWR(TENANT_SETTINGS_KEY, tenantSettings, { revalidateOnFocus: false, shouldRetryOnError: false })

/** One request with its headers and bodies, for the drawer. */
export const useLogEntry = (requestId: string | null) =>
  useSWR<LogEntryView, ApiError>(requestId ? ['log-entry', requestId] : null, ([, id]: [string, string]) => getLogEntry(id), {
    revalidateOnFocus: false,
  })
