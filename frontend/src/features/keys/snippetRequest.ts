// The first call a new key can make, picked from its permissions so the
// snippet on the success view works as pasted.
import type { SnippetRequest } from '../../lib/snippets'


/** The permissions firstCallFor chooses between, in the order it tries them. */
export const FIRST_CALL_NEEDS = ['send_email', 'read_campaigns', 'read_contacts'] as const

/** The first call for a key; granted[i] says whether the key holds
 * FIRST_CALL_NEEDS[i] (asked of Go, where full_access grants everything). */
export function firstCallFor(granted: readonly boolean[], apiURL: string, secret: string): SnippetRequest {
  const base = apiURL.replace(/\/+$/, '') + '/api/v1'
  const auth = { Authorization: `Bearer ${secret}` }
  const can = (p: (typeof FIRST_CALL_NEEDS)[number]) => !!granted[FIRST_CALL_NEEDS.indexOf(p)]
  if (can('send_email')) {
    return {
      method: 'POST',
      url: `${base}/emails/send`,
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ to: 'you@example.com', subject: 'Hello from PenguinMails', text_body: 'My first API email.' }, null, 2),
    }
  }
  if (can('read_campaigns') && !can('read_contacts')) {
    return { method: 'GET', url: `${base}/campaigns`, headers: auth }
  }
  return { method: 'GET', url: `${base}/contacts`, headers: auth }
}


/** A plain cURL command for req (single quotes escaped for POSIX shells). */
export function curlFor(req: SnippetRequest): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const lines = [`curl -X ${req.method} ${q(req.url)}`]
  for (const [k, v] of Object.entries(req.headers)) lines.push(`  -H ${q(`${k}: ${v}`)}`)
  if (req.body) lines.push(`  -d ${q(req.body)}`)
  return lines.join(' \\\n')
}
