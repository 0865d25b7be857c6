// The Docs & Tester page wired to a fake Go side: what the sidebar marks in
// the tester, that an imported request does not keep the old answer, and
// that a key pasted into it never outlives the session in the kept draft.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { OpenAPIDoc } from './queries'
import type { HistoryEntry } from '../tester/queries'
import { renderUI } from '../../test/render'
import { resetTesterState, savedTesterState } from '../tester/testerStore'
import { scrubDrafts } from '../../lib/drafts'
import { keyFixture } from '../../test/keys'
import { getSecret, wipeSecrets } from '../session/secretVault'
import DocsTesterPage from './DocsTesterPage'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const BASE = 'http://127.0.0.1:8787'
// A well-formed key (its checksum holds) and the tenant's key it is.
const ISSUED = 'pm_test_7nx7_LEbuwmoDTzrsiFk7T7IoJ0o0-21dUQGiUrsIjU3ydE9c'
const CI_KEY = keyFixture({ key_id: 'key_ci', name: 'CI runner', environment: 'test', masked_key: 'pm_test_7nx...dE9c' })
const doc: OpenAPIDoc = {
  openapi: '3.1.0',
  info: { version: '1.0.0' },
  servers: [{ url: BASE + '/api/v1' }],
  tags: [{ name: 'Emails' }, { name: 'Contacts' }],
  paths: {
    '/emails/send': { post: { tags: ['Emails'], summary: 'Send an email' } },
    '/contacts': { get: { tags: ['Contacts'], summary: 'List contacts' }, post: { tags: ['Contacts'], summary: 'Create a contact' } },
  },
}

const sent: HistoryEntry = {
  id: 'h1',
  at: new Date().toISOString(),
  request: { method: 'GET', url: BASE + '/api/v1/contacts', headers: [], body: '' },
  response: { status: 401, status_text: 'Unauthorized', proto: 'HTTP/1.1', headers: [], body: '{"error":"invalid_token"}', size: 25, truncated: false, total_ms: 1, ttfb_ms: 1 },
}

const ROUTES: Record<string, string> = {
  'POST /api/v1/emails/send': '/emails/send',
  'GET /api/v1/contacts': '/contacts',
  'POST /api/v1/contacts': '/contacts',
}

// jsdom has no document.fonts; Mantine's autosizing Textarea (the cURL dialog) listens to it.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } })

beforeEach(() => {
  resetTesterState()
  wipeSecrets()
  call.mockReset()
  call.mockImplementation(withGoAnswers(async (service: string, method: string, ...args: unknown[]) => {
    const k = `${service}.${method}`
    if (k === 'Docs.Match') {
      // Go's answers for the requests this page drafts.
      const path = ROUTES[`${args[0]} ${String(args[1]).replace(BASE, '')}`]
      return path ? { found: true, method: args[0], path, required_permission: '' } : { found: false, method: '', path: '', required_permission: '' }
    }
    if (k === 'Docs.Get') return { spec: doc, version: '1.0.0', fetched_at: new Date().toISOString(), offline: false }
    if (k === 'Tester.Info') return { base_url: BASE }
    if (k === 'Keys.List') return { api_keys: [CI_KEY], total: 1 }
    if (k === 'Tester.History') return []
    if (k === 'Tester.Send') return sent
    if (k === 'Tester.Warnings') return { warnings: [], required_permission: '', known_endpoint: true, local_ip: '' }
    if (k === 'Keys.Identify')
      return args[0] === ISSUED ? { masked: CI_KEY.masked_key, key_id: CI_KEY.key_id, name: CI_KEY.name } : { masked: '', key_id: '', name: '' }
    throw new Error('unexpected call ' + k)
  }))
})

const page = () =>
  renderUI(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
      <DocsTesterPage />
    </SWRConfig>,
  )

const active = () => document.querySelector('[data-endpoint][data-active]')?.getAttribute('data-endpoint')

describe('Docs & Tester page', () => {
  it('in the tester the sidebar marks the endpoint being drafted; an import drops the old answer', async () => {
    page()
    fireEvent.click(await screen.findByText('Tester'))
    await screen.findByTestId('tester')
    await waitFor(() => expect(active()).toBe('POST /emails/send'))

    fireEvent.click(screen.getByText('List contacts'))
    await waitFor(() => expect(active()).toBe('GET /contacts'))
    fireEvent.click(screen.getByRole('button', { name: 'Send Request' }))
    await screen.findByTestId('response')

    fireEvent.click(screen.getByRole('button', { name: 'Import cURL' }))
    fireEvent.change(await screen.findByLabelText('cURL command'), { target: { value: `curl -X POST ${BASE}/api/v1/contacts -d '{}'` } })
    fireEvent.click(screen.getByRole('button', { name: 'Import' }))
    await waitFor(() => expect(active()).toBe('POST /contacts'))
    expect(screen.queryByTestId('response')).toBeNull()
  })

  it('a guide picked from the tester opens in the reference', async () => {
    page()
    fireEvent.click(await screen.findByText('Tester'))
    await screen.findByTestId('tester')
    fireEvent.click(screen.getByText('Rate limiting'))
    await waitFor(() => expect(screen.queryByTestId('tester')).toBeNull())
  })

  it('Ctrl+Enter in the body editor sends instead of adding a line; Cmd+Enter too', async () => {
    page()
    fireEvent.click(await screen.findByText('Tester'))
    await screen.findByTestId('tester')
    await waitFor(() => expect(active()).toBe('POST /emails/send'))
    const editor = document.querySelector('[data-testid="json-editor"] .cm-content') as HTMLElement
    const before = editor.textContent
    fireEvent.keyDown(editor, { key: 'Enter', ctrlKey: true })
    await screen.findByTestId('response')
    expect(call.mock.calls.filter((c) => c[1] === 'Send')).toHaveLength(1)
    expect(editor.textContent).toBe(before)
    fireEvent.keyDown(screen.getByLabelText('Path'), { key: 'Enter', metaKey: true })
    await waitFor(() => expect(call.mock.calls.filter((c) => c[1] === 'Send')).toHaveLength(2))
  })

  it('leaving the screen and coming back keeps the tester, its request and its answer', async () => {
    const first = page()
    fireEvent.click(await screen.findByText('Tester'))
    await screen.findByTestId('tester')
    fireEvent.click(screen.getByText('List contacts'))
    await waitFor(() => expect(active()).toBe('GET /contacts'))
    fireEvent.click(screen.getByRole('button', { name: 'Send Request' }))
    await screen.findByTestId('response')
    first.unmount()

    page()
    await screen.findByTestId('tester')
    expect((screen.getByLabelText('Path') as HTMLTextAreaElement).value).toBe('/api/v1/contacts')
    expect(screen.getByTestId('response-status').textContent).toContain('401')
  })

  it('a key in an imported command, or typed into a credential header, never outlives the session in the kept draft', async () => {
    const stored = () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })
    const body = ISSUED.slice('pm_test_'.length + 3, -4) // what the masked form hides
    const first = page()
    fireEvent.click(await screen.findByText('Tester'))
    await screen.findByTestId('tester')

    // Go finds the key in the command (Tester.ParseCurl) and says whose it is
    // (Keys.Identify): that key is picked, the header stays as written.
    fireEvent.click(screen.getByRole('button', { name: 'Import cURL' }))
    fireEvent.change(await screen.findByLabelText('cURL command'), {
      target: { value: `curl ${BASE}/api/v1/contacts -H 'Authorization: Bearer ${ISSUED}'` },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Import' }))
    await waitFor(() => expect((screen.getByTestId('key-picker') as HTMLInputElement).value).toMatch(/^CI runner/))
    expect(getSecret('key_ci')).toBe(ISSUED)
    fireEvent.click(screen.getByRole('tab', { name: /Headers/ }))
    const auth = screen.getByLabelText('Authorization value') as HTMLInputElement
    expect(auth.type).toBe('password')
    expect(auth.value).toBe(`Bearer ${ISSUED}`)

    // A second credential, typed in by hand.
    fireEvent.click(screen.getByRole('button', { name: 'Add header' }))
    const names = screen.getAllByPlaceholderText('Header-Name')
    fireEvent.change(names[names.length - 1], { target: { value: 'X-Api-Key' } })
    fireEvent.change(screen.getByLabelText('X-Api-Key value'), { target: { value: ISSUED } })
    fireEvent.change(screen.getByLabelText('Path'), { target: { value: '/api/v1/contacts/kept' } })
    await waitFor(() => expect(savedTesterState()?.draft?.path).toBe('/api/v1/contacts/kept'))
    expect(stored()).not.toContain(body)

    // The session expires (the screen goes; the draft stays for the same
    // user): the kept draft has its path and no secret at all.
    first.unmount()
    scrubDrafts()
    const kept = savedTesterState()
    expect(kept?.draft?.path).toBe('/api/v1/contacts/kept')
    expect(JSON.stringify(kept)).not.toContain(body)
    expect(stored()).not.toContain(body)

    page()
    await screen.findByTestId('tester')
    expect((screen.getByLabelText('Path') as HTMLTextAreaElement).value).toBe('/api/v1/contacts/kept')
    fireEvent.click(screen.getByRole('tab', { name: /Headers/ }))
    expect(screen.queryByLabelText('Authorization value')).toBeNull()
    expect(screen.queryByLabelText('X-Api-Key value')).toBeNull()
  })
})
