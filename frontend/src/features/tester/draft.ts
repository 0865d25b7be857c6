// The tester's request being edited, and how it becomes what Go sends and
// what the snippets show.
import { CREDENTIAL_HEADERS } from '../../api/types.gen'
import type { OpenAPIDoc } from '../docs/queries'
import type { Header, TesterRequest } from './queries'
import {
  exampleOf,
  fillPath,
  jsonBodyOf,
  parametersOf,
  pathParamNames,
  serverPrefix,
  type Endpoint,
} from '../docs/openapi'
import type { KV } from './KeyValueEditor'

export interface Draft {
  method: string
  /** Path (may hold {params}) or a full URL. */
  path: string
  pathParams: Record<string, string>
  query: KV[]
  headers: KV[]
  body: string
}

export const emptyDraft: Draft = { method: 'GET', path: '/api/v1/', pathParams: {}, query: [], headers: [], body: '' }

/** A draft for an endpoint: its path, example parameter values, example body. */
export function draftFor(doc: OpenAPIDoc, e: Endpoint): Draft {
  const params = parametersOf(doc, e)
  const pathParams: Record<string, string> = {}
  for (const n of pathParamNames(e.path)) {
    const p = params.find((x) => x.in === 'path' && x.name === n)
    const ex = p?.example ?? p?.schema?.example
    pathParams[n] = ex !== undefined ? String(ex) : ''
  }
  const query = params
    .filter((p) => p.in === 'query')
    .map((p) => {
      const ex = p.example ?? p.schema?.example ?? p.schema?.default
      return { name: p.name, value: ex !== undefined ? String(ex) : '', enabled: !!p.required }
    })
  const body = jsonBodyOf(doc, e)
  const ex = body ? exampleOf(doc, body.media) : undefined
  return {
    method: e.method,
    path: serverPrefix(doc, e) + e.path,
    pathParams,
    query,
    headers: [],
    body: ex !== undefined ? JSON.stringify(ex, null, 2) : '',
  }
}

/**
 * A draft from a request: an imported cURL command or a reopened one (a
 * history entry, a logged request). An imported command keeps its own
 * headers — an Authorization among them is kept as written (and shown
 * masked) — and the PenguinMails key Go found in it (r.key: app
 * Tester.ParseCurl reads the header with the gateway's rules, and drops a
 * masked key) is returned apart, so the picker can name the key it belongs
 * to. A reopened request's credential headers are the masked copies Go
 * recorded, which can never authenticate: they are dropped, and the key is
 * picked again.
 */
export function draftFromRequest(
  r: TesterRequest,
  baseUrl: string,
  { imported = false }: { imported?: boolean } = {},
): { draft: Draft; secret: string | null } {
  let path = r.url
  const query: KV[] = []
  try {
    const u = new URL(r.url, baseUrl)
    const base = new URL(baseUrl)
    path = u.origin === base.origin ? u.pathname : u.origin + u.pathname
    u.searchParams.forEach((value, name) => query.push({ name, value, enabled: true }))
  } catch {
    /* keep the text as typed */
  }
  const headers: KV[] = []
  for (const h of r.headers ?? []) {
    const name = h.name.trim().toLowerCase()
    if (!imported && isCredentialHeader(name)) continue
    if (name === 'content-type' && /json/.test(h.value)) continue
    headers.push({ name: h.name, value: h.value, enabled: true })
  }
  let body = r.body ?? ''
  try {
    if (body.trim()) body = JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    /* not JSON: keep as is */
  }
  return { draft: { method: (r.method || 'GET').toUpperCase(), path, pathParams: {}, query, headers, body }, secret: r.key || null }
}

/** The URL the draft addresses (absolute). */
export function draftUrl(d: Draft, baseUrl: string): string {
  const path = fillPath(d.path, d.pathParams)
  const qs = d.query
    .filter((q) => q.enabled && q.name)
    .map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`)
    .join('&')
  const abs = /^https?:\/\//.test(path) ? path : baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`)
  return qs ? `${abs}${abs.includes('?') ? '&' : '?'}${qs}` : abs
}

export function hasBody(method: string): boolean {
  return !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method.toUpperCase())
}

/** Whether url is on the platform's origin: the only one a key goes to. */
export function isPlatformUrl(url: string, baseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(baseUrl).origin
  } catch {
    return false
  }
}

/** The origin a draft goes to when it is not the platform's, else null. */
export function foreignOrigin(d: Draft, baseUrl: string): string | null {
  const url = draftUrl(d, baseUrl)
  if (!baseUrl || isPlatformUrl(url, baseUrl)) return null
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

/** The Authorization header the user set on the draft themselves, if any. */
export function ownAuthorization(d: Draft): string | null {
  return d.headers.find((h) => h.enabled && h.name.trim().toLowerCase() === 'authorization')?.value ?? null
}

/** A draft with no credential left in it (for keeping it as a draft). */
export function scrubDraft(d: Draft): Draft {
  return { ...d, headers: d.headers.filter((h) => !isCredentialHeader(h.name)) }
}

const credentialHeaders = new Set(CREDENTIAL_HEADERS)

/**
 * Whether a header's value is a credential: shown masked, never kept. Go's
 * list (tester.CredentialHeaders, written into types.gen.ts by `make types`).
 */
export function isCredentialHeader(name: string): boolean {
  return credentialHeaders.has(name.trim().toLowerCase())
}

/**
 * The headers sent: the key as a bearer token (only for the platform's own
 * origin), JSON content type, then the user's own.
 */
export function draftHeaders(d: Draft, secret: string, baseUrl: string): Header[] {
  const own = d.headers.filter((h) => h.enabled && h.name.trim())
  const has = (n: string) => own.some((h) => h.name.toLowerCase() === n)
  const out: Header[] = []
  if (secret && !has('authorization') && isPlatformUrl(draftUrl(d, baseUrl), baseUrl))
    out.push({ name: 'Authorization', value: `Bearer ${secret}` })
  if (hasBody(d.method) && d.body.trim() && !has('content-type')) out.push({ name: 'Content-Type', value: 'application/json' })
  return [...out, ...own.map((h) => ({ name: h.name.trim(), value: h.value }))]
}

/**
 * What Go sends. The key travels apart from the headers: Go attaches it only
 * if the request is for the platform's origin (and sets no Authorization of
 * its own), so no other listener can ever receive it.
 */
export function toTesterRequest(d: Draft, baseUrl: string, secret: string, keyId: string | null): TesterRequest {
  return {
    method: d.method,
    url: draftUrl(d, baseUrl),
    headers: draftHeaders(d, '', baseUrl),
    body: hasBody(d.method) ? d.body : '',
    key_id: keyId ?? undefined,
    key: secret || undefined,
  }
}
