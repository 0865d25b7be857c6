// Wire types, mirroring backend/platform/types.go (times are RFC 3339 strings).

export type Role = 'admin' | 'developer' | 'support'
export type KeyStatus = 'active' | 'revoked' | 'expired'

export interface User { id: string; email: string; name: string; role: Role }
export interface Tenant { id: string; name: string; plan: string }

/** A previous secret of a rotation that still works, until its own deadline. */
export interface PreviousSecret {
  masked_key: string
  rotated_at: string
  expires_at: string
  requests_since_rotation: number
  last_used: string | null
}

/** The live previous secrets, newest rotation first. The previous_* fields
 *  repeat previous_secrets[0] for clients of a single previous secret. */
export interface Rotation {
  previous_masked_key: string
  previous_expires_at: string
  previous_last_used: string | null
  previous_requests: number
  /** Absent from platforms that predate per-secret deadlines. */
  previous_secrets?: PreviousSecret[]
}

/** How long a rotated-out secret keeps working (POST …/rotate's grace). */
export type Grace = 'now' | '1h' | '24h' | '3d' | '7d'
/** The most previous secrets a key holds at once; one more graced rotation is refused. */
export const MAX_LIVE_PREVIOUS_SECRETS = 3

export interface Key {
  key_id: string
  name: string
  description: string
  environment: 'live' | 'test'
  masked_key: string
  permissions: string[]
  allowed_ips: string[]
  rate_limit: number
  burst: number
  status: KeyStatus
  created_at: string
  created_by: string
  last_used: string | null
  expires_at: string | null
  revoked_at: string | null
  rotation: Rotation | null
  request_count: number
  error_count: number
}

export interface KeyList { api_keys: Key[]; total: number }
export interface KeyListQuery { status?: 'all' | KeyStatus; q?: string; sort?: 'created' | 'last_used' | 'name' }

export interface Permission { id: string; label: string; description: string; dangerous: boolean }
export interface PermissionCategory { id: string; label: string; permissions: Permission[] }
export interface PermissionCatalog { categories: PermissionCategory[]; presets: Record<string, string[]> }

export interface CreateKeyRequest {
  name: string
  description?: string
  environment: 'live' | 'test'
  permissions: string[]
  expires_at?: string
  allowed_ips?: string[]
}
export interface CreateKeyResponse { api_key: string; key: Key; warning: string }
export interface UpdateKeyRequest {
  name?: string
  description?: string
  permissions?: string[]
  allowed_ips?: string[]
  expires_at?: string
  never_expires?: boolean
}
export interface RotateKeyResponse { api_key: string; key: Key; previous_key_expires_at: string }
export interface RevokeKeyResponse { message: string; key_id: string; revoked_at: string }

export interface DayUsage { date: string; requests: number; errors: number }
export interface EndpointCount { method: string; endpoint: string; requests: number }
export interface RecentIP { ip: string; last_seen: string; requests: number }
export interface AuditEvent { id: string; at: string; kind: string; actor: string; detail?: Record<string, unknown> }
export interface KeyDetails extends Key {
  usage_by_day: DayUsage[]
  top_endpoints: EndpointCount[]
  recent_ips: RecentIP[]
  audit: AuditEvent[]
}

export type UsageRangeName = '1h' | '24h' | '7d' | '30d'
export interface UsageQuery { range?: UsageRangeName; from?: string; to?: string; key_id?: string }
export interface UsageSummary {
  total_requests: number
  success_rate: number
  avg_latency_ms: number
  p95_latency_ms: number
  rate_limit_usage_pct: number
  peak_rpm: number
  rate_limited_count: number
}
export interface SeriesPoint {
  t: string
  total: number
  success: number
  client_errors: number
  server_errors: number
  rate_limited: number
}
export interface RateLimitPoint { t: string; peak_rpm: number; limit: number }
export interface EndpointStats {
  method: string
  endpoint: string
  requests: number
  success_rate: number
  avg_latency_ms: number
  errors: number
}
export interface StatusCount { status: number; count: number; pct: number }
export interface RecentError {
  at: string
  key_id: string
  method: string
  endpoint: string
  status: number
  error: string
  message: string
  ip: string
  /** Finds the request under Logs. */
  request_id?: string
}
export interface KeyUsage { key_id: string; name: string; requests: number; success_rate: number; last_used: string | null }
export interface APIUsage {
  range: { from: string; to: string; granularity: string }
  summary: UsageSummary
  series: SeriesPoint[]
  rate_limit_series: RateLimitPoint[]
  endpoints: EndpointStats[]
  errors_by_status: StatusCount[]
  recent_errors: RecentError[]
  keys: KeyUsage[]
  generated_at: string
}

export interface LiveMessage {
  type: 'tick' | 'security_event'
  t: string
  requests?: number
  errors?: number
  rate_limited?: number
  rpm?: number
  limit?: number
  remaining?: number
  avg_latency_ms?: number
  event?: SecurityEvent
}

export interface SecurityEvent {
  id: string
  at: string
  kind: string
  key_id?: string
  key_name?: string
  ip?: string
  method?: string
  path?: string
  user_id?: string
  message: string
  /** identical events (kind, key, user, IP) within a minute of `at` fold into one; `last_at` is the latest */
  count?: number
  last_at?: string
}

export interface OutboxEmail {
  id: string
  kind: string
  to: string[]
  from: string
  subject: string
  body: string
  key_id?: string
  created_at: string
}
