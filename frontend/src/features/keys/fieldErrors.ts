// Maps the platform's validation answer (ApiError.fields) onto the form.
import { ApiError } from '../../api/errors'

export type FieldErrors = Partial<Record<'name' | 'description' | 'environment' | 'permissions' | 'expires_at' | 'allowed_ips', string>>

/** The field errors of e, with allowed_ips[3]-style keys folded onto allowed_ips. */
export function fieldErrorsOf(e: unknown): FieldErrors {
  if (!(e instanceof ApiError)) return {}
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.fields)) {
    const base = k.replace(/\[.*$/, '').replace(/\..*$/, '')
    out[base] = out[base] ? `${out[base]}; ${v}` : v
  }
  return out as FieldErrors
}
