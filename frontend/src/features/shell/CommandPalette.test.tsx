// The command palette as a user drives it: Ctrl+K opens it, typing finds
// screens, keys by name or id, and endpoints; Enter goes there. The native
// menu's events move the console the same way.
import { describe, expect, it, vi } from 'vitest'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { NavContext, type Nav } from '../../nav'
import { makeKey, renderUI } from '../keys/testUtils'
import ConsoleCommands from './ConsoleCommands'
import { filterItems, type PaletteItem } from './CommandPalette'

const handlers = vi.hoisted(() => new Map<string, (d: unknown) => void>())
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({
  call,
  inWindow: () => false,
  on: (name: string, cb: (d: unknown) => void) => {
    handlers.set(name, cb)
    return () => handlers.delete(name)
  },
}))

const SPEC = {
  openapi: '3.1.0',
  info: { title: 'PenguinMails', version: '1' },
  paths: {
    '/emails/send': { post: { tags: ['Emails'], summary: 'Send an email' } },
    '/contacts': { get: { tags: ['Contacts'], summary: 'List contacts' } },
  },
}

function setup() {
  call.mockImplementation(async (service: string, method: string) => {
    if (service === 'Keys' && method === 'List')
      return { api_keys: [makeKey({ key_id: 'key_billing1', name: 'Billing worker' }), makeKey({ key_id: 'key_zz9', name: 'Nightly export' })], total: 2 }
    if (service === 'Docs' && method === 'Get') return { spec: SPEC, version: '1', fetched_at: '', offline: false }
    throw new Error(`unexpected call ${service}.${method}`)
  })
  const navigate = vi.fn()
  const nav: Nav = { page: 'overview', params: {}, navigate }
  renderUI(
    <NavContext.Provider value={nav}>
      <ConsoleCommands />
    </NavContext.Provider>,
  )
  return navigate
}

async function openAndType(text: string) {
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const input = await screen.findByLabelText('Search screens, keys and endpoints')
  await waitFor(() => expect(call).toHaveBeenCalledWith('Docs', 'Get'))
  await act(async () => {})
  fireEvent.change(input, { target: { value: text } })
  return input
}

describe('command palette', { timeout: 20_000 }, () => {
  it('finds a key by name and opens it on the keys screen', async () => {
    const navigate = setup()
    const input = await openAndType('billing')
    await screen.findByRole('option', { name: /Billing worker/ })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(navigate).toHaveBeenCalledWith('keys', { key_id: 'key_billing1' })
  })

  it('finds a key by id', async () => {
    const navigate = setup()
    const input = await openAndType('key_zz9')
    await screen.findByRole('option', { name: /Nightly export/ })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(navigate).toHaveBeenCalledWith('keys', { key_id: 'key_zz9' })
  })

  it('finds an endpoint and opens its reference', async () => {
    const navigate = setup()
    const input = await openAndType('post emails')
    await screen.findByRole('option', { name: /POST \/emails\/send/ })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(navigate).toHaveBeenCalledWith('docs', { endpoint: 'POST /emails/send' })
  })

  it('jumps to a screen with the arrow keys', async () => {
    const navigate = setup()
    const input = await openAndType('settings')
    await screen.findByRole('option', { name: /Settings/ })
    fireEvent.keyDown(input, { key: 'ArrowDown' })
    fireEvent.keyDown(input, { key: 'ArrowUp' })
    fireEvent.keyDown(input, { key: 'Enter' })
    expect(navigate).toHaveBeenCalledWith('settings')
  })

  it('follows the native menu', () => {
    const navigate = setup()
    act(() => handlers.get('menu:navigate')!('usage'))
    expect(navigate).toHaveBeenLastCalledWith('usage')
    act(() => handlers.get('menu:navigate')!('no-such-screen'))
    expect(navigate).toHaveBeenCalledTimes(1)
    act(() => handlers.get('menu:create-key')!(null))
    expect(navigate).toHaveBeenLastCalledWith('keys', { create: '1' })
  })
})

describe('filterItems', () => {
  const item = (label: string, detail = ''): PaletteItem => ({ id: label, group: 'Keys', label, detail, run: () => {} })
  it('needs every word, in label or detail, in any case', () => {
    const items = [item('Billing worker', 'key_1 pm_live_a…'), item('Nightly export', 'key_2')]
    expect(filterItems(items, 'BILL key_1').map((i) => i.label)).toEqual(['Billing worker'])
    expect(filterItems(items, 'key').length).toBe(2)
    expect(filterItems(items, 'nothing').length).toBe(0)
  })
})
