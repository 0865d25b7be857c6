// The tester's pure parts and the CodeSnippet a user copies from.
import { MantineProvider } from '@mantine/core'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { OpenAPIDoc } from '../docs/queries'
import { forgetSecret, getSecret, rememberSecret } from '../session/secretVault'
import { generateSnippets } from '../../lib/snippets'
import CodeSnippet from '../../shared/CodeSnippet'
import { allEndpoints, derefSchema, jsonBodyOf, schemaFields, searchEndpoints } from '../docs/openapi'
import { endpointForKey, matchEndpoint } from '../docs/match'
import { withGoAnswers } from '../../test/goAnswers'
import answers from '../../test/goAnswers.json'
import { draftFor, draftFromRequest, draftHeaders, emptyDraft, foreignOrigin, scrubDraft, toTesterRequest } from './draft'
import type { TesterRequest } from './queries'
import ResponseView from './ResponseView'
import { makeValidator } from './schemaValidator'

const SECRET = 'pm_test_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefgXYZ123'
// A well-formed key (its checksum holds), as the platform issues them.
const ISSUED = 'pm_test_7nx7_LEbuwmoDTzrsiFk7T7IoJ0o0-21dUQGiUrsIjU3ydE9c'
const BASE = 'http://127.0.0.1:8787'
/** Go's answer to Tester.ParseCurl for cmd (recorded by app/ui_answers_test.go). */
const curl = (cmd: string) => (answers.curls as Record<string, TesterRequest>)[cmd] ?? expect.fail(`no recorded answer for ${cmd}`)

// Go at the transport: the key-domain answers recorded from Go, and
// Docs.Match as Go answers for the two paths asked below.
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))
const MATCHES: Record<string, { found: boolean; method: string; path: string; required_permission: string }> = {
  'DELETE /api/v1/contacts/x%40y.z': { found: true, method: 'DELETE', path: '/contacts/{email}', required_permission: '' },
  'GET /api/v1/contacts/x': { found: false, method: '', path: '', required_permission: '' },
}
beforeEach(() => {
  call.mockReset()
  call.mockImplementation(
    withGoAnswers((service: string, method: string, ...args: unknown[]) => {
      if (service === 'Docs' && method === 'Match') return MATCHES[`${args[0]} ${args[1]}`]
      throw new Error(`unexpected ${service}.${method}`)
    }),
  )
})

const doc: OpenAPIDoc = {
  openapi: '3.1.0',
  info: { version: '1.0.0' },
  servers: [{ url: 'http://127.0.0.1:8787/api/v1' }],
  tags: [{ name: 'Emails' }, { name: 'Contacts' }],
  paths: {
    '/emails/send': {
      post: {
        tags: ['Emails'],
        summary: 'Send an email',
        'x-required-permission': 'send_email',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/Send' },
              example: { subject: 'Hi', to: 'ada@example.com' },
            },
          },
        },
      },
    },
    '/contacts/{email}': {
      delete: { tags: ['Contacts'], summary: 'Delete a contact', parameters: [{ name: 'email', in: 'path', required: true, example: 'a@b.c' }] },
    },
  },
  components: {
    schemas: {
      Send: {
        type: 'object',
        required: ['to'],
        additionalProperties: false,
        properties: {
          subject: { type: 'string', maxLength: 998 },
          to: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          variables: { type: 'object', properties: { name: { type: 'string' } } },
        },
      },
    },
  },
}

describe('openapi helpers', () => {
  it('groups, searches and matches endpoints (the match is asked of Go)', async () => {
    expect(allEndpoints(doc).map((e) => e.id)).toEqual(['POST /emails/send', 'DELETE /contacts/{email}'])
    expect(searchEndpoints(doc, 'send_email').map((e) => e.id)).toEqual(['POST /emails/send'])
    expect(searchEndpoints(doc, 'contact delete')).toHaveLength(1)
    expect((await matchEndpoint(doc, 'DELETE', '/api/v1/contacts/x%40y.z'))?.id).toBe('DELETE /contacts/{email}')
    expect(await matchEndpoint(doc, 'GET', '/api/v1/contacts/x')).toBeUndefined()
    expect(call).toHaveBeenCalledWith('Docs', 'Match', 'DELETE', '/api/v1/contacts/x%40y.z')
  })

  it('lists body fields with types and required marks, required first', () => {
    const f = schemaFields(doc, jsonBodyOf(doc, allEndpoints(doc)[0])!.media.schema)
    expect(f.map((x) => [x.name, x.type, x.required])).toEqual([
      ['to', 'string | string[]', true],
      ['subject', 'string', false],
      ['variables', 'object', false],
      ['variables.name', 'string', false],
    ])
  })

  it('validates a body against the schema, naming the field', () => {
    const v = makeValidator(derefSchema(doc, jsonBodyOf(doc, allEndpoints(doc)[0])!.media.schema))!
    expect(v('{"to":"a@b.c"}')).toEqual([])
    expect(v('{"subject":"x"}').map((p) => p.message)).toEqual(['to is required'])
    const extra = v('{"to":"a@b.c","colour":"red"}')
    expect(extra.map((p) => p.message)).toEqual(['colour is not a known field'])
    expect('{"to":"a@b.c","colour":"red"}'.slice(extra[0].from, extra[0].to)).toBe('"colour"')
  })
})

describe('drafts', () => {
  it('fill an endpoint with its example, required keys first, and carry the key', () => {
    const d = draftFor(doc, allEndpoints(doc)[0])
    expect(d.path).toBe('/api/v1/emails/send')
    expect(Object.keys(JSON.parse(d.body))).toEqual(['to', 'subject'])
    const r = toTesterRequest(d, 'http://127.0.0.1:8787', SECRET, 'key_1')
    expect(r.url).toBe('http://127.0.0.1:8787/api/v1/emails/send')
    // The key travels apart: Go attaches it for the platform's origin only.
    expect(r.key).toBe(SECRET)
    expect(r.headers).toEqual([{ name: 'Content-Type', value: 'application/json' }])
    expect(draftHeaders(d, SECRET, 'http://127.0.0.1:8787')[0]).toEqual({ name: 'Authorization', value: `Bearer ${SECRET}` })
    const away = { ...d, path: 'http://127.0.0.1:8845/api/v1/emails/send' }
    expect(draftHeaders(away, SECRET, 'http://127.0.0.1:8787').some((h) => h.name === 'Authorization')).toBe(false)
    expect(foreignOrigin(away, 'http://127.0.0.1:8787')).toBe('http://127.0.0.1:8845')
    expect(foreignOrigin(d, 'http://127.0.0.1:8787')).toBeNull()
    const del = draftFor(doc, allEndpoints(doc)[1])
    expect(toTesterRequest(del, 'http://h:1', '', null).url).toBe('http://h:1/api/v1/contacts/a%40b.c')
  })

  it('come back from an imported command with the key Go found in it apart, the header as written', () => {
    // Go's answers to Tester.ParseCurl (the gateway's rules read the key).
    const { draft, secret } = draftFromRequest(curl(`curl ${BASE}/api/v1/contacts -H 'Authorization: Bearer ${ISSUED}'`), BASE, {
      imported: true,
    })
    expect(secret).toBe(ISSUED)
    expect(draft.path).toBe('/api/v1/contacts')
    expect(draft.headers).toEqual([{ name: 'Authorization', value: `Bearer ${ISSUED}`, enabled: true }])
    // A masked key (copied from a log) can never authenticate: Go drops the
    // header, so the key picked in the tester goes instead.
    const masked = draftFromRequest(curl(`curl ${BASE}/api/v1/contacts -H 'Authorization: Bearer pm_test_7nx...dE9c'`), BASE, {
      imported: true,
    })
    expect(masked.secret).toBeNull()
    expect(masked.draft.headers).toEqual([])
  })

  it('come back from a reopened request without the credentials Go recorded masked: the key is picked again', () => {
    const { draft, secret } = draftFromRequest(
      {
        method: 'post',
        url: `${BASE}/api/v1/contacts?limit=5`,
        headers: [
          { name: 'Authorization', value: 'Bearer pm_test_7nx...dE9c' },
          { name: 'X-Api-Key', value: 'sk_...oken' },
          { name: 'X-Trace', value: '1' },
          { name: 'Content-Type', value: 'application/json' },
        ],
        body: '{"email":"a@b.c"}',
      },
      BASE,
    )
    expect(secret).toBeNull()
    expect(draft.method).toBe('POST')
    expect(draft.path).toBe('/api/v1/contacts')
    expect(draft.query).toEqual([{ name: 'limit', value: '5', enabled: true }])
    expect(draft.headers).toEqual([{ name: 'X-Trace', value: '1', enabled: true }])
    expect(draft.body).toBe('{\n  "email": "a@b.c"\n}')
  })

  it("are kept without any header on Go's credential list (Set-Cookie too, which only Go listed before)", () => {
    const row = (name: string) => ({ name, value: `${ISSUED}-${name}`, enabled: true })
    const kept = scrubDraft({
      ...emptyDraft,
      path: '/api/v1/contacts',
      headers: [row('Authorization'), row(' Set-Cookie '), row('cookie'), row('Proxy-Authorization'), row('X-Api-Key'), row('X-SUDO-TOKEN'), row('X-Trace')],
    })
    expect(kept.path).toBe('/api/v1/contacts')
    expect(kept.headers).toEqual([row('X-Trace')])
  })
})

describe('secret vault and snippets', () => {
  it('keeps secrets in memory only', () => {
    const before = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })
    rememberSecret('key_1', SECRET)
    expect(getSecret('key_1')).toBe(SECRET)
    expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).toBe(before)
    forgetSecret('key_1')
    expect(getSecret('key_1')).toBeUndefined()
  })

  it('generates all six languages from the request', () => {
    const s = generateSnippets({
      method: 'POST',
      url: 'http://127.0.0.1:8787/api/v1/emails/send',
      headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
      body: '{"to":"a@b.c"}',
    })
    expect(Object.keys(s)).toEqual(['curl', 'node', 'python', 'php', 'ruby', 'go'])
    for (const code of Object.values(s)) expect(code).toContain(SECRET)
    expect(s.python).toMatch(/requests\.post\(url, json=payload, headers=headers\)/)
    expect(s.go).toMatch(/http\.NewRequest\("POST", url, payload\)/)
  })

  it('CodeSnippet masks the key (as Go masks it) until revealed', async () => {
    render(
      <MantineProvider>
        <CodeSnippet
          request={{ method: 'GET', url: 'http://127.0.0.1:8787/api/v1/contacts', headers: { Authorization: `Bearer ${SECRET}` } }}
          secret={SECRET}
        />
      </MantineProvider>,
    )
    const code = screen.getByTestId('snippet-curl')
    expect(code.textContent).not.toContain(SECRET)
    await waitFor(() => expect(screen.getByTestId('snippet-curl').textContent).toContain(answers.masks[SECRET as keyof typeof answers.masks]))
    expect(screen.getByTestId('snippet-curl').textContent).not.toContain(SECRET)
    fireEvent.click(screen.getByRole('button', { name: 'Reveal key' }))
    expect(screen.getByTestId('snippet-curl').textContent).toContain(SECRET)
    expect(screen.getByRole('button', { name: 'Copy cURL snippet' })).toBeInTheDocument()
  })

  const answer = (status: number, headers: { name: string; value: string }[], body = '{}') => ({
    id: 'h1',
    at: new Date().toISOString(),
    request: { method: 'GET', url: 'http://x/api/v1/contacts', headers: [], body: '' },
    response: { status, status_text: '', proto: 'HTTP/1.1', headers, body, size: body.length, truncated: false, total_ms: 1, ttfb_ms: 1 },
  })

  it('explains GCRA headers in words: remaining above the limit is the burst, Retry-After is sooner than Reset', () => {
    const headers = [
      { name: 'X-Ratelimit-Limit', value: '300' },
      { name: 'X-Ratelimit-Remaining', value: '499' },
      { name: 'X-Ratelimit-Reset', value: '100' },
      { name: 'Retry-After', value: '1' },
    ]
    render(
      <MantineProvider>
        <ResponseView entry={answer(429, headers)} burst={500} />
      </MantineProvider>,
    )
    const words = screen.getByTestId('rate-limit-explained').textContent!
    expect(words).toContain('Limit: 300 requests per minute, sustained.')
    expect(words).toContain('Remaining: 499 more can be sent right now — the burst allowance (up to 500), which refills at the sustained rate, so it can be above the per-minute limit.')
    expect(words).toContain('Reset: the whole allowance is back in 100 s')
    expect(words).toContain('Retry-After: this request was refused; the next one passes in 1 s (sooner than Reset')
    expect(screen.getByText('300/min')).toBeInTheDocument()
    expect(screen.getByText('499 left now')).toBeInTheDocument()
    expect(screen.queryByText(/^Limit: 300$/)).toBeNull()
  })

  it("a 429 offers 'View plans →' to the answer's upgrade_url, opened outside the console", () => {
    const body = '{"error":"rate_limit_exceeded","message":"Rate limit exceeded. Upgrade plan for higher limits.","retry_after":12,"upgrade_url":"https://penguinmails.com/pricing?from=429"}'
    render(
      <MantineProvider>
        <ResponseView entry={answer(429, [{ name: 'Retry-After', value: '12' }], body)} burst={500} />
      </MantineProvider>,
    )
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    fireEvent.click(screen.getByTestId('upgrade-note').querySelector('a')!)
    expect(open).toHaveBeenCalledWith('https://penguinmails.com/pricing?from=429', '_blank', 'noopener,noreferrer')
    open.mockRestore()
  })

  it('a 401 for an unknown key says its numbers are the per-IP allowance, not the plan', () => {
    const headers = [
      { name: 'X-Ratelimit-Limit', value: '60' },
      { name: 'X-Ratelimit-Remaining', value: '99' },
      { name: 'X-Ratelimit-Reset', value: '1' },
    ]
    render(
      <MantineProvider>
        <ResponseView entry={answer(401, headers, '{"error":"invalid_token","message":"API key is invalid or expired"}')} burst={500} />
      </MantineProvider>,
    )
    expect(screen.getByText('60/min per IP')).toBeInTheDocument()
    const words = screen.getByTestId('rate-limit-explained').textContent!
    expect(words).toContain('not your plan’s')
    expect(words).not.toContain('up to 500')
  })

  it('finds text in the response body and steps through the matches', () => {
    const body = JSON.stringify({ contacts: [{ email: 'a@x.test' }, { email: 'b@x.test' }, { email: 'c@y.test' }] })
    render(
      <MantineProvider>
        <ResponseView entry={answer(200, [{ name: 'Content-Type', value: 'application/json' }], body)} />
      </MantineProvider>,
    )
    const find = screen.getByLabelText('Find in response body')
    fireEvent.change(find, { target: { value: 'X.TEST' } })
    expect(screen.getByTestId('find-count').textContent).toBe('1 of 2')
    expect(screen.getByTestId('response-body').querySelectorAll('mark')).toHaveLength(2)
    fireEvent.keyDown(find, { key: 'Enter' })
    expect(screen.getByTestId('find-count').textContent).toBe('2 of 2')
    fireEvent.keyDown(find, { key: 'Enter' })
    expect(screen.getByTestId('find-count').textContent).toBe('1 of 2')
    fireEvent.change(find, { target: { value: 'nowhere' } })
    expect(screen.getByTestId('find-count').textContent).toBe('No match')
    expect(screen.getByRole('button', { name: 'Copy response body' })).toBeInTheDocument()
  })

  it('"Try in Tester" picks an endpoint the key may call (Go says what a key grants)', async () => {
    const d: OpenAPIDoc = {
      ...doc,
      paths: { ...doc.paths, '/contacts': { get: { tags: ['Contacts'], summary: 'List contacts', 'x-required-permission': 'read_contacts' } } },
    }
    const send = allEndpoints(d).find((e) => e.id === 'POST /emails/send')!
    expect((await endpointForKey(d, ['read_contacts'], send))?.id).toBe('GET /contacts')
    expect((await endpointForKey(d, ['full_access'], send))?.id).toBe(send.id)
    expect(await endpointForKey(d, ['manage_billing'], send)).toBeUndefined()
  })
})
