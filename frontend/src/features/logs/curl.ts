// A logged request as a cURL command. The key is never known here, only its
// masked form, so the command carries that and says to put the real one in.
import type { LogEntry } from './queries'

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** The logged body as text to send again ("" when there was none or it was cut). */
export function bodyText(e: LogEntry): string {
  if (e.request_body === undefined || e.request_body === null || e.request_body_truncated) return ''
  return typeof e.request_body === 'string' ? e.request_body : JSON.stringify(e.request_body, null, 2)
}

export function curlFor(e: LogEntry, baseUrl: string): string {
  const url = baseUrl.replace(/\/$/, '') + e.path + (e.query ? '?' + e.query : '')
  const lines = [`curl -X ${e.method} ${sq(url)}`, `  -H ${sq('Authorization: Bearer ' + (e.masked_key || 'YOUR_API_KEY'))}`]
  const body = bodyText(e)
  if (body) {
    lines.push(`  -H ${sq('Content-Type: application/json')}`)
    lines.push(`  -d ${sq(typeof e.request_body === 'string' ? body : JSON.stringify(e.request_body))}`)
  }
  return lines.join(' \\\n')
}
