// The docs show the platform API (session routes) as a group of its own, and
// its examples carry a session token (and a sudo token for key changes),
// never an API key; the public API's examples carry the key.
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { OpenAPIDoc } from './queries'
import { renderUI } from '../../test/render'
import DocsSidebar from './DocsSidebar'
import { exampleRequest, SESSION_TOKEN_PLACEHOLDER, SUDO_TOKEN_PLACEHOLDER } from './EndpointView'
import { allEndpoints, authOf } from './openapi'
import { generateSnippets } from '../../lib/snippets'

const BASE = 'http://127.0.0.1:8787'
const doc: OpenAPIDoc = {
  openapi: '3.1.0',
  info: { version: '1.4.0' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearerAuth: [] }],
  tags: [{ name: 'Emails' }, { name: 'Keys' }, { name: 'Docs' }],
  'x-tagGroups': [
    { name: 'Public API', tags: ['Emails'] },
    { name: 'Platform API', tags: ['Keys', 'Docs'] },
  ],
  paths: {
    '/emails/send': { post: { tags: ['Emails'], summary: 'Send an email', security: [{ bearerAuth: [] }] } },
    '/platform/api-keys': {
      get: { tags: ['Keys'], summary: 'List API keys', security: [{ sessionAuth: [] }] },
      post: { tags: ['Keys'], summary: 'Create an API key', security: [{ sessionAuth: [], sudoToken: [] }] },
    },
    '/healthz': { servers: [{ url: '/' }] as unknown as string, get: { tags: ['Docs'], summary: 'Health check', security: [] } },
  },
}
const ep = (id: string) => allEndpoints(doc).find((e) => e.id === id)!
const key = { token: 'pm_test_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH', secret: 'pm_test_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH' }

describe('the platform API in the docs', () => {
  it('is a group of its own in the sidebar, apart from the public API', () => {
    renderUI(<DocsSidebar doc={doc} selected={{ kind: 'guide', id: 'authentication' }} onSelect={() => {}} />)
    const platform = screen.getByRole('group', { name: 'Platform API' })
    const pub = screen.getByRole('group', { name: 'Public API' })
    expect(within(platform).getByText('List API keys')).toBeTruthy()
    expect(within(platform).getByText('Create an API key')).toBeTruthy()
    expect(within(platform).queryByText('Send an email')).toBeNull()
    expect(within(pub).getByText('Send an email')).toBeTruthy()
    expect(within(pub).queryByText('List API keys')).toBeNull()
  })

  it('follows each operation’s security scheme in the snippets', () => {
    expect(authOf(doc, ep('GET /platform/api-keys'))).toBe('session')
    expect(authOf(doc, ep('POST /platform/api-keys'))).toBe('sudo')
    expect(authOf(doc, ep('GET /healthz'))).toBe('none')
    expect(authOf(doc, ep('POST /emails/send'))).toBe('apiKey')

    const list = exampleRequest(doc, ep('GET /platform/api-keys'), BASE, key)
    expect(list.headers.Authorization).toBe(`Bearer ${SESSION_TOKEN_PLACEHOLDER}`)
    const create = exampleRequest(doc, ep('POST /platform/api-keys'), BASE, key)
    expect(create.headers['X-Sudo-Token']).toBe(SUDO_TOKEN_PLACEHOLDER)
    for (const r of [list, create]) {
      for (const code of Object.values(generateSnippets(r))) expect(code).not.toContain(key.token)
    }
    const health = exampleRequest(doc, ep('GET /healthz'), BASE, key)
    expect(health.headers.Authorization).toBeUndefined()
    expect(health.url).toBe(BASE + '/healthz') // at the root, not under /api/v1
    const send = exampleRequest(doc, ep('POST /emails/send'), BASE, key)
    expect(send.headers.Authorization).toBe(`Bearer ${key.token}`)
    expect(send.url).toBe(BASE + '/api/v1/emails/send')
  })
})
