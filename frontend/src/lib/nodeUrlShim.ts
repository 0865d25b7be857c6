// httpsnippet calls Node's legacy url.parse/url.format, which browsers lack
// (Vite leaves "url" empty in a browser build). This is that legacy API for
// the absolute http(s) URLs the console generates snippets for, built on
// WHATWG URL; vite.config.ts points "url" here for the browser bundle.
// src/lib/nodeUrlShim.test.ts checks it against Node's own.

export interface LegacyUrl {
  protocol: string | null
  slashes: boolean | null
  auth: string | null
  host: string | null
  port: string | null
  hostname: string | null
  hash: string | null
  search: string | null
  query: Record<string, string | string[]> | string | null
  pathname: string | null
  path: string | null
  href: string
}

function queryObject(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  new URLSearchParams(search).forEach((v, k) => {
    const cur = out[k]
    out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v]
  })
  return out
}

export function parse(raw: string, parseQuery = false): LegacyUrl {
  const u = new URL(raw)
  const auth = u.username ? decodeURIComponent(u.username) + (u.password ? `:${decodeURIComponent(u.password)}` : '') : null
  const search = u.search || null
  return {
    protocol: u.protocol,
    slashes: true,
    auth,
    host: u.host,
    port: u.port || null,
    hostname: u.hostname,
    hash: u.hash || null,
    search,
    query: parseQuery ? queryObject(u.search) : search ? search.slice(1) : null,
    pathname: u.pathname,
    path: u.pathname + (u.search || ''),
    href: u.href,
  }
}

function stringifyQuery(q: Record<string, unknown>): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v)) v.forEach((x) => p.append(k, String(x)))
    else if (v !== undefined && v !== null) p.append(k, String(v))
  }
  return p.toString()
}

export function format(o: Partial<LegacyUrl>): string {
  let protocol = o.protocol ?? ''
  if (protocol && !protocol.endsWith(':')) protocol += ':'
  const auth = o.auth ? `${encodeURIComponent(o.auth).replace(/%3A/i, ':')}@` : ''
  const host = o.host ?? (o.hostname ? o.hostname + (o.port ? `:${o.port}` : '') : '')
  let pathname = o.pathname ?? ''
  let search = o.search ?? ''
  if (!search && o.query && typeof o.query === 'object') search = stringifyQuery(o.query)
  else if (!search && typeof o.query === 'string') search = o.query
  if (search && !search.startsWith('?')) search = `?${search}`
  let hash = o.hash ?? ''
  if (hash && !hash.startsWith('#')) hash = `#${hash}`
  const slashes = o.slashes || /^(https?|ftp|file|wss?):$/.test(protocol)
  if (slashes && host && pathname && !pathname.startsWith('/')) pathname = `/${pathname}`
  pathname = pathname.replace(/[?#]/g, encodeURIComponent)
  search = search.replace('#', '%23')
  return `${protocol}${slashes || host ? '//' : ''}${auth}${host}${pathname}${search}${hash}`
}

export default { parse, format }
