// The Docs & Tester page wired to a fake Go side: what the sidebar marks in
// the tester, and that an imported request does not keep the old answer.
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { OpenAPIDoc } from './queries'
import type { HistoryEntry } from '../tester/queries'
import { renderUI } from '../../test/render'
import { resetTesterState } from '../tester/testerStore'
import DocsTesterPage from './DocsTesterPage'
import { withGoAnswers } from '../../test/goAnswers'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const BASE = 'http://127.0.0.1:8787'
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
    if (k === 'Keys.List') return { api_keys: [], total: 0 }
    if (k === 'Tester.History') return []
    if (k === 'Tester.Send') return sent
    if (k === 'Tester.ParseCurl') return { method: 'POST', url: BASE + '/api/v1/contacts', headers: [], body: '{"email":"a@b.c"}' }
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
})
