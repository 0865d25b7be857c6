// Reading an OpenAPI 3.1 document for the docs browser and the tester:
// $ref resolution, endpoints by tag, flattened body fields, examples.
import type {
  MediaType,
  OpenAPIDoc,
  OperationObject,
  ParameterObject,
  ResponseObject,
  SchemaObject,
} from './queries'

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const

export interface Endpoint {
  id: string // "POST /emails/send"
  method: string // upper case
  path: string // as in the document, e.g. /emails/{id}
  tag: string
  op: OperationObject
}

/** Follows a local $ref ("#/components/schemas/Email"); anything else is returned as is. */
export function resolveRef<T>(doc: OpenAPIDoc, obj: T): T {
  let cur = obj as unknown as { $ref?: string }
  for (let guard = 0; cur && typeof cur.$ref === 'string' && guard < 20; guard++) {
    const parts = cur.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    let node: unknown = doc
    for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p]
    if (!node) break
    cur = node as { $ref?: string }
  }
  return cur as unknown as T
}

/** The schema with every $ref inlined (cycles are cut), for ajv and for listing fields. */
export function derefSchema(doc: OpenAPIDoc, schema: SchemaObject | undefined, seen: Set<string> = new Set()): SchemaObject {
  if (!schema || typeof schema !== 'object') return {}
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return { description: `(recursive ${schema.$ref.split('/').pop()})` }
    const next = new Set(seen)
    next.add(schema.$ref)
    return derefSchema(doc, resolveRef(doc, schema), next)
  }
  const out: SchemaObject = {}
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(v as Record<string, SchemaObject>).map(([pk, pv]) => [pk, derefSchema(doc, pv, seen)]),
      )
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') {
      out[k] = derefSchema(doc, v as SchemaObject, seen)
    } else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf' || k === 'prefixItems') && Array.isArray(v)) {
      out[k] = (v as SchemaObject[]).map((s) => derefSchema(doc, s, seen))
    } else {
      out[k] = v
    }
  }
  return out
}

/** Every operation, grouped by its first tag, tags in the document's order. */
export function endpointsByTag(doc: OpenAPIDoc): { tag: string; description?: string; endpoints: Endpoint[] }[] {
  const groups = new Map<string, Endpoint[]>()
  for (const t of doc.tags ?? []) groups.set(t.name, [])
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of HTTP_METHODS) {
      const op = item?.[m] as OperationObject | undefined
      if (!op || typeof op !== 'object') continue
      const tag = op.tags?.[0] ?? 'Other'
      const method = m.toUpperCase()
      if (!groups.has(tag)) groups.set(tag, [])
      groups.get(tag)!.push({ id: `${method} ${path}`, method, path, tag, op })
    }
  }
  const desc = new Map((doc.tags ?? []).map((t) => [t.name, t.description]))
  return [...groups.entries()]
    .filter(([, eps]) => eps.length > 0)
    .map(([tag, endpoints]) => ({ tag, description: desc.get(tag), endpoints }))
}

export function allEndpoints(doc: OpenAPIDoc): Endpoint[] {
  return endpointsByTag(doc).flatMap((g) => g.endpoints)
}

/** How an endpoint authenticates, from its security requirement (or the
 * document's): an API key (the public API), the session token of a signed-in
 * user, the session plus a sudo token (key changes), or nothing. */
export type EndpointAuth = 'apiKey' | 'session' | 'sudo' | 'none'

export function authOf(doc: OpenAPIDoc, e: Endpoint): EndpointAuth {
  const reqs = e.op.security ?? (doc.security as Record<string, string[]>[] | undefined)
  if (reqs === undefined) return 'apiKey' // a document that declares no security is the public API's (before 1.4.0)
  const names = reqs.flatMap((r) => Object.keys(r))
  if (names.length === 0) return 'none'
  if (names.includes('sudoToken')) return 'sudo'
  if (names.includes('sessionAuth')) return 'session'
  return 'apiKey'
}

/** The sidebar's groups of tags: the document's x-tagGroups ("Public API",
 * "Platform API"), tags in no group last under "Other". */
export function tagGroupsOf(doc: OpenAPIDoc): { name: string; tags: string[] }[] {
  const declared = (doc['x-tagGroups'] as { name: string; tags: string[] }[] | undefined) ?? []
  const grouped = new Set(declared.flatMap((g) => g.tags))
  const rest = endpointsByTag(doc).map((g) => g.tag).filter((t) => !grouped.has(t))
  const out = declared.map((g) => ({ name: g.name, tags: g.tags }))
  if (rest.length) out.push({ name: declared.length ? 'Other' : '', tags: rest })
  return out
}

/** Endpoints whose method, path, summary, description, tag or permission contain every word. */
export function searchEndpoints(doc: OpenAPIDoc, query: string): Endpoint[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return allEndpoints(doc)
  return allEndpoints(doc).filter((e) => {
    const hay = [e.method, e.path, e.tag, e.op.summary, e.op.description, e.op.operationId, e.op['x-required-permission']]
      .join(' ')
      .toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}

/** The path and operation parameters, $refs resolved, operation ones winning. */
export function parametersOf(doc: OpenAPIDoc, e: Endpoint): ParameterObject[] {
  const pathLevel = (doc.paths?.[e.path]?.parameters as ParameterObject[] | undefined) ?? []
  const byKey = new Map<string, ParameterObject>()
  for (const p of [...pathLevel, ...(e.op.parameters ?? [])]) {
    const r = resolveRef(doc, p)
    byKey.set(`${r.in}:${r.name}`, r)
  }
  return [...byKey.values()]
}

/** The application/json request body media type, if any. */
export function jsonBodyOf(doc: OpenAPIDoc, e: Endpoint): { media: MediaType; required: boolean; description?: string } | null {
  const rb = e.op.requestBody ? resolveRef(doc, e.op.requestBody) : undefined
  if (!rb?.content) return null
  const key = Object.keys(rb.content).find((c) => c.includes('json')) ?? Object.keys(rb.content)[0]
  return key ? { media: rb.content[key], required: !!rb.required, description: rb.description } : null
}

export function responsesOf(doc: OpenAPIDoc, e: Endpoint): { status: string; response: ResponseObject }[] {
  return Object.entries(e.op.responses ?? {})
    .map(([status, r]) => ({ status, response: resolveRef(doc, r) }))
    .sort((a, b) => a.status.localeCompare(b.status))
}

export function typeLabel(s: SchemaObject | undefined): string {
  if (!s) return 'any'
  if (s.const !== undefined) return JSON.stringify(s.const)
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ')
  const variants = s.oneOf ?? s.anyOf
  if (variants) return variants.map(typeLabel).join(' | ')
  const t = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null').join(' | ') + (s.type.includes('null') ? ' | null' : '') : s.type
  if (t === 'array') return `${typeLabel(s.items)}[]`
  if (t === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
    return `map<string, ${typeLabel(s.additionalProperties)}>`
  }
  const base = t ?? (s.properties ? 'object' : 'any')
  return s.format ? `${base} (${s.format})` : base
}

export interface Field {
  name: string // dotted path: to, variables.name, attachments[].filename
  depth: number
  type: string
  required: boolean
  description?: string
  constraints: string[]
}

function constraintsOf(s: SchemaObject): string[] {
  const c: string[] = []
  if (s.minLength !== undefined && s.maxLength !== undefined) c.push(`${s.minLength}-${s.maxLength} chars`)
  else if (s.maxLength !== undefined) c.push(`max ${s.maxLength} chars`)
  else if (s.minLength !== undefined && s.minLength > 0) c.push(`min ${s.minLength} chars`)
  if (s.minimum !== undefined) c.push(`≥ ${s.minimum}`)
  if (s.maximum !== undefined) c.push(`≤ ${s.maximum}`)
  if (s.maxItems !== undefined) c.push(`max ${s.maxItems} items`)
  if (s.pattern) c.push(`pattern ${s.pattern}`)
  if (s.default !== undefined) c.push(`default ${JSON.stringify(s.default)}`)
  return c
}

/** The fields of an object schema, nested ones indented under their parent. */
export function schemaFields(doc: OpenAPIDoc, schema: SchemaObject | undefined, prefix = '', depth = 0): Field[] {
  const s = derefSchema(doc, schema)
  const merged: SchemaObject = s.allOf ? s.allOf.reduce<SchemaObject>((acc, x) => ({
    ...acc,
    ...x,
    properties: { ...(acc.properties ?? {}), ...(x.properties ?? {}) },
    required: [...(acc.required ?? []), ...(x.required ?? [])],
  }), { ...s }) : s
  const out: Field[] = []
  if (depth > 4) return out
  const req = merged.required ?? []
  // Required fields first (in the order the schema requires them), then the rest.
  const entries = Object.entries(merged.properties ?? {}).sort(
    ([a], [b]) => (req.includes(a) ? req.indexOf(a) : 1e6) - (req.includes(b) ? req.indexOf(b) : 1e6),
  )
  for (const [name, prop] of entries) {
    const full = prefix ? `${prefix}.${name}` : name
    out.push({
      name: full,
      depth,
      type: typeLabel(prop),
      required: (merged.required ?? []).includes(name),
      description: prop.description,
      constraints: constraintsOf(prop),
    })
    if (prop.properties) out.push(...schemaFields(doc, prop, full, depth + 1))
    else if (prop.items?.properties) out.push(...schemaFields(doc, prop.items, `${full}[]`, depth + 1))
  }
  return out
}

/** An example value for a media type: its own example, a named example, or one built from the schema. */
export function exampleOf(doc: OpenAPIDoc, media: MediaType | undefined): unknown {
  if (!media) return undefined
  const schema = derefSchema(doc, media.schema)
  if (media.example !== undefined) return requiredFirst(media.example, schema)
  const first = media.examples && Object.values(media.examples)[0]
  if (first) {
    const r = resolveRef(doc, first)
    if (r.value !== undefined) return requiredFirst(r.value, schema)
  }
  return requiredFirst(exampleFromSchema(schema, 0), schema)
}

/** The example with the schema's required keys first, so a reader sees
 * what a request must carry before what it may. */
function requiredFirst(v: unknown, s: SchemaObject): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || !s.required?.length) return v
  const o = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const k of s.required) if (k in o) out[k] = o[k]
  for (const [k, x] of Object.entries(o)) if (!(k in out)) out[k] = x
  return out
}

export function exampleFromSchema(s: SchemaObject | undefined, depth: number): unknown {
  if (!s || depth > 6) return undefined
  if (s.example !== undefined) return s.example
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0]
  if (s.const !== undefined) return s.const
  if (s.default !== undefined) return s.default
  if (s.enum?.length) return s.enum[0]
  const variant = s.oneOf?.[0] ?? s.anyOf?.[0]
  if (variant) return exampleFromSchema(variant, depth + 1)
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type
  switch (t ?? (s.properties ? 'object' : undefined)) {
    case 'object': {
      const o: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const ex = exampleFromSchema(v, depth + 1)
        if (ex !== undefined) o[k] = ex
      }
      return o
    }
    case 'array': {
      const ex = exampleFromSchema(s.items, depth + 1)
      return ex === undefined ? [] : [ex]
    }
    case 'string':
      if (s.format === 'email') return 'user@example.com'
      if (s.format === 'date-time') return '2026-01-01T00:00:00Z'
      if (s.format === 'uuid') return '00000000-0000-0000-0000-000000000000'
      return 'string'
    case 'integer':
      return s.minimum ?? 0
    case 'number':
      return s.minimum ?? 0
    case 'boolean':
      return true
  }
  return undefined
}

/** "300 requests/min (burst 500)" from x-rate-limit, whatever its shape. */
export function rateLimitText(x: unknown): string | null {
  if (x === undefined || x === null) return null
  if (typeof x === 'string') return x
  if (typeof x === 'number') return `${x} requests/min`
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>
    if (typeof o.description === 'string') return o.description
    if (typeof o.summary === 'string') return o.summary
    const limit = o.limit ?? o.requests_per_minute ?? o.per_minute
    if (limit !== undefined) return `${limit} requests/min${o.burst !== undefined ? ` (burst ${o.burst})` : ''}`
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · ')
  }
  return String(x)
}

/** The path with {params} filled in (encoded); unfilled ones stay as {name}. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (m, name: string) => (values[name] ? encodeURIComponent(values[name]) : m))
}

export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
}

/** The server path prefix ("/api/v1") that the document's paths hang under. */
/** The path prefix of the document's server, or of the endpoint's own server
 * when its path declares one (GET /healthz lives at the root, not under /api/v1). */
export function serverPrefix(doc: OpenAPIDoc, e?: Endpoint): string {
  const own = e ? (doc.paths?.[e.path]?.servers as { url: string }[] | undefined)?.[0]?.url : undefined
  const url = own ?? doc.servers?.[0]?.url ?? ''
  try {
    const p = new URL(url, 'http://x').pathname.replace(/\/+$/, '')
    return p === '/' ? '' : p
  } catch {
    return ''
  }
}

