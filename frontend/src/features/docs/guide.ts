// The "Getting started" pages: Authentication, Rate limiting, Errors. Their
// prose comes from the document (x-getting-started, or the matching "##"
// sections of info.description); the console adds what it knows for sure.
import type { OpenAPIDoc } from './queries'

export type GuideId = 'authentication' | 'rate-limiting' | 'errors' | 'sdks' | 'webhooks' | 'changelog'

export const GUIDES: { id: GuideId; title: string; match: RegExp }[] = [
  { id: 'authentication', title: 'Authentication', match: /auth/i },
  { id: 'rate-limiting', title: 'Rate limiting', match: /rate/i },
  { id: 'errors', title: 'Errors', match: /error/i },
  { id: 'sdks', title: 'SDKs & Libraries', match: /sdk|librar/i },
  { id: 'webhooks', title: 'Webhooks', match: /webhook/i },
  { id: 'changelog', title: 'Changelog', match: /changelog/i },
]

/** Where the official libraries stand. The source page said "Coming Q1
 *  2026"; that date has passed and they are still not out, so the console
 *  says what is true today rather than a date that reads stale. */
export const SDK_STATUS = 'Not published yet'

/** The official libraries' install commands (greyed until they are published). */
export const SDKS: { id: string; label: string; command: string }[] = [
  { id: 'npm', label: 'Node.js (npm)', command: 'npm install @penguinmails/node' },
  { id: 'pip', label: 'Python (pip)', command: 'pip install penguinmails' },
  { id: 'composer', label: 'PHP (composer)', command: 'composer require penguinmails/penguinmails-php' },
]

export const WEBHOOK_LINKS: { label: string; url: string }[] = [
  { label: 'Webhooks guide', url: 'https://penguinmails.com/docs/webhooks' },
  { label: 'Event types and payloads', url: 'https://penguinmails.com/docs/webhooks/events' },
  { label: 'Verifying signatures', url: 'https://penguinmails.com/docs/webhooks/signatures' },
]

function textOf(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of ['body', 'content', 'markdown', 'description', 'text']) if (typeof o[k] === 'string') return o[k] as string
  }
  return null
}

/** The document's prose for a guide, or null. */
export function guideText(doc: OpenAPIDoc, id: GuideId): string | null {
  const g = GUIDES.find((x) => x.id === id)!
  const xs = doc['x-getting-started']
  if (Array.isArray(xs)) {
    for (const s of xs) {
      const o = s as Record<string, unknown>
      const title = String(o.title ?? o.id ?? o.name ?? '')
      if (g.match.test(title)) return textOf(o)
    }
  } else if (xs && typeof xs === 'object') {
    for (const [k, v] of Object.entries(xs as Record<string, unknown>)) if (g.match.test(k)) return textOf(v)
  }
  const desc = doc.info?.description ?? ''
  const parts = desc.split(/\n(?=#{1,3}\s)/)
  for (const p of parts) {
    const head = /^#{1,3}\s+(.*)/.exec(p)
    if (head && g.match.test(head[1])) return p.replace(/^#{1,3}\s+.*\n?/, '').trim()
  }
  return null
}

/** The introduction: info.description before its first heading. */
export function introText(doc: OpenAPIDoc): string {
  const desc = doc.info?.description ?? ''
  return desc.split(/\n(?=#{1,3}\s)/)[0].startsWith('#') ? '' : desc.split(/\n(?=#{1,3}\s)/)[0].trim()
}

// SPEC §2.1: every error answer's code and status. The messages are the
// platform's; the docs list what each means for a caller.
export const ERROR_CODES: { status: number; code: string; when: string }[] = [
  { status: 400, code: 'invalid_request', when: 'Validation failed; `fields` names each wrong field.' },
  { status: 400, code: 'invalid_json', when: 'The body is not JSON; the message says where it broke.' },
  { status: 401, code: 'invalid_token', when: 'The API key is unknown or malformed.' },
  { status: 401, code: 'key_revoked', when: 'The key was revoked, or its rotation grace period ended.' },
  { status: 401, code: 'key_expired', when: 'The key is past its expiry date.' },
  { status: 403, code: 'insufficient_permissions', when: 'The key lacks the scope; `required` lists it.' },
  { status: 403, code: 'ip_not_allowed', when: "The caller's IP is outside the key's allow-list." },
  { status: 404, code: 'not_found', when: 'No such resource.' },
  { status: 408, code: 'request_timeout', when: 'The body did not arrive within 30 seconds; send it again.' },
  { status: 413, code: 'payload_too_large', when: 'The body is over 1 MiB.' },
  { status: 415, code: 'unsupported_media_type', when: 'A body sent without `Content-Type: application/json`.' },
  { status: 429, code: 'rate_limit_exceeded', when: 'Over the plan limit; wait `retry_after` seconds.' },
  { status: 500, code: 'internal', when: 'Something failed on the platform; safe to retry.' },
]

export const RATE_LIMIT_HEADERS: { name: string; meaning: string }[] = [
  { name: 'X-RateLimit-Limit', meaning: 'Requests allowed per minute on your plan.' },
  { name: 'X-RateLimit-Remaining', meaning: 'Requests left in the current window.' },
  { name: 'X-RateLimit-Reset', meaning: 'Seconds until the window resets.' },
  { name: 'Retry-After', meaning: 'On a 429 only: seconds to wait before retrying.' },
]

