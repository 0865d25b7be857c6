// The keys table: every column the cards show, the same actions in a menu,
// and the view choice remembered per user.
import { act, fireEvent, renderHook, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import APIKeyCard from './APIKeyCard'
import { KeysTable } from './KeysTable'
import { readKeysView, useKeysView } from './keysView'
import { makeKey, renderUI } from './testUtils'

describe('keys table', { timeout: 20_000 }, () => {
  it('shows name, masked key, key id, environment, status, permission count, IP restriction, last used, expiry and requests', async () => {
    const restricted = makeKey({ key_id: 'key_restricted01', name: 'Office only', allowed_ips: ['203.0.113.0/24', '198.51.100.5'], permissions: ['send_email', 'read_contacts', 'write_contacts'], request_count: 44952, environment: 'test' })
    const open = makeKey({ key_id: 'key_open02', name: 'Anywhere', allowed_ips: [], permissions: ['full_access'], expires_at: null })
    const handlers = { onToggle: vi.fn(), onEdit: vi.fn(), onRotate: vi.fn(), onRevoke: vi.fn(), onUsage: vi.fn(), onTester: vi.fn() }
    renderUI(<KeysTable keys={[restricted, open]} mayChange={() => true} expanded={new Set()} handlers={() => handlers} details={() => null} />)
    const heads = screen.getAllByRole('columnheader').map((h) => h.textContent)
    expect(heads).toEqual(['Name', 'Key', 'Key ID', 'Env', 'Status', 'Permissions', 'IP restriction', 'Last used', 'Expires', 'Rate limit', 'Requests', 'Actions'])
    const [r1, r2] = screen.getAllByTestId('key-row')
    expect(within(r1).getByText('Office only')).toBeInTheDocument()
    expect(within(r1).getByText(restricted.masked_key)).toBeInTheDocument()
    expect(within(r1).getByTestId('key-id').textContent).toBe('key_restricted01')
    expect(within(r1).getByRole('button', { name: 'Copy key ID key_restricted01' })).toBeInTheDocument()
    expect(within(r1).getByText('Test')).toBeInTheDocument()
    expect(within(r1).getByTestId('perm-count').textContent).toBe('3')
    expect(within(r1).getByTestId('ip-restricted').textContent).toBe('2 IP ranges')
    expect(within(r1).getByText('44,952')).toBeInTheDocument()
    expect(within(r1).getByTestId('key-rate-limit').textContent).toBe(`${restricted.rate_limit.toLocaleString('en-US')}/min · burst ${restricted.burst.toLocaleString('en-US')}`)
    expect(within(r2).getByTestId('perm-count').textContent).toBe('Full access')
    expect(within(r2).getByText('Any IP')).toBeInTheDocument()
    expect(within(r2).getAllByText('Never')).toHaveLength(2) // never used, never expires

    // The same actions as the cards.
    fireEvent.click(within(r1).getByRole('button', { name: 'Actions for Office only' }))
    const menu = await screen.findByRole('menu', { hidden: true })
    expect(within(menu).getAllByRole('menuitem', { hidden: true }).map((m) => m.textContent)).toEqual(['Edit Key', 'Rotate Key', 'Revoke Key', 'View Usage', 'Try in Tester'])
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Rotate Key', hidden: true }))
    expect(handlers.onRotate).toHaveBeenCalled()
  })

  it('read-only rows offer only View Usage and Try in Tester', async () => {
    renderUI(<KeysTable keys={[makeKey({ name: 'Theirs' })]} mayChange={() => false} expanded={new Set()} handlers={() => ({ onToggle() {}, onEdit() {}, onRotate() {}, onRevoke() {}, onUsage() {}, onTester() {} })} details={() => null} />)
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Theirs' }))
    const menu = await screen.findByRole('menu', { hidden: true })
    await within(menu).findAllByRole('menuitem', { hidden: true })
    expect(within(menu).getAllByRole('menuitem', { hidden: true }).map((m) => m.textContent)).toEqual(['View Usage', 'Try in Tester'])
  })

  it('a card shows the key id and an IP restriction badge', () => {
    renderUI(<APIKeyCard keyItem={makeKey({ key_id: 'key_card03', allowed_ips: ['10.0.0.0/8'] })} />)
    expect(screen.getByTestId('key-id').textContent).toBe('key_card03')
    expect(screen.getByTestId('ip-restricted').textContent).toBe('1 IP range')
  })
})

describe('keys view choice', () => {
  beforeEach(() => localStorage.clear())
  it('is remembered per user', () => {
    const { result } = renderHook(() => useKeysView('ada@x.test'))
    expect(result.current[0]).toBe('cards')
    act(() => result.current[1]('table'))
    expect(result.current[0]).toBe('table')
    expect(readKeysView('ada@x.test')).toBe('table')
    expect(readKeysView('bob@x.test')).toBe('cards')
  })
})
