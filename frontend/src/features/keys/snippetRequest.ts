// The first call a new key can make, picked from its permissions so the
// snippet on the success view works as pasted.
import type { Key } from '../../api/types.gen'
import type { SnippetRequest } from '../../lib/snippets'


export function firstCallFor(key: Pick<Key, 'permissions'>, apiURL: string, secret: string): SnippetRequest {
  const base = apiURL.replace(/\/+$/, '') + '/api/v1'
  const auth = { Authorization: `Bearer ${secret}` }
  const can = (p: string) => key.permissions.includes(p) || key.permissions.includes('full_access')
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
