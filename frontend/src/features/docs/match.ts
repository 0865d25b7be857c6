// Which documented endpoint a request calls, and which endpoints a key may
// call, asked of Go (app Docs.Match, Keys.Grants) rather than worked out
// here: the path matching and "full_access grants everything" live there.
import { useEffect, useState } from 'react'
import { call } from '../../api/transport'
import { CHECK_DELAY_MS, keyGrants } from '../keys/rules'
import { allEndpoints, type Endpoint } from './openapi'
import type { OpenAPIDoc } from './queries'

export const matchRequest = (method: string, path: string) => call('Docs', 'Match', method, path)

/** The endpoint of doc that serves method + path (a URL or a path, with or without the server prefix). */
export async function matchEndpoint(doc: OpenAPIDoc, method: string, path: string): Promise<Endpoint | undefined> {
  const m = await matchRequest(method, path)
  return m.found ? allEndpoints(doc).find((e) => e.id === `${m.method} ${m.path}`) : undefined
}

/** matchEndpoint as the draft changes, asked once typing pauses; undefined without a doc. */
export function useEndpointMatch(doc: OpenAPIDoc | null | undefined, method: string, path: string): Endpoint | undefined {
  const [found, setFound] = useState<{ of: string; endpoint: Endpoint | undefined }>()
  const of = `${method} ${path}`
  useEffect(() => {
    if (!doc) return
    let live = true
    const t = setTimeout(() => {
      matchEndpoint(doc, method, path)
        .then((endpoint) => live && setFound({ of, endpoint }))
        .catch(() => {})
    }, CHECK_DELAY_MS)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [doc, of])
  // The last answer stands while the next is asked, so the view does not
  // flicker between keystrokes.
  return doc ? found?.endpoint : undefined
}

/** The permission an endpoint needs of a key; none for endpoints behind a session. */
const needOf = (e: Endpoint): string => {
  const need = e.op['x-required-permission']
  return typeof need === 'string' ? need : ''
}

/** The endpoint "Try in Tester" opens for a key: current when the key may
 * call it, else the first in the document's order that it may. */
export async function endpointForKey(doc: OpenAPIDoc, permissions: string[], current?: Endpoint): Promise<Endpoint | undefined> {
  const candidates = [...(current ? [current] : []), ...allEndpoints(doc).filter((e) => needOf(e) !== '')]
  const grants = await keyGrants(permissions, candidates.map(needOf))
  return candidates.find((_, i) => grants[i])
}
