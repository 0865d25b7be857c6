import { fireEvent, screen, waitFor } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { renderUI } from '../../test/render'
import SnapshotHistory from './SnapshotHistory'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const snap = (id: string, agoMs: number) => ({
  id,
  tenant: 'ten_1',
  range: '24h',
  key_id: '',
  fetched_at: new Date(Date.now() - agoMs).toISOString(),
})

describe('snapshot history', () => {
  beforeEach(() => {
    call.mockReset()
  })

  it('lists up to now (open-ended) until a time is picked, and Now returns to that', async () => {
    call.mockResolvedValue([snap('s1', 30_000)])
    const ui = (
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <SnapshotHistory opened onClose={() => {}} onOpen={() => {}} keyNames={{}} />
      </SWRConfig>
    )
    renderUI(ui)
    await screen.findByTestId('history-item')
    // No upper bound: a snapshot taken after the drawer's first opening still shows.
    expect(call).toHaveBeenLastCalledWith('Usage', 'Snapshots', '', '')

    const input = screen.getByLabelText('Snapshots up to')
    fireEvent.change(input, { target: { value: '2026-11-20T10:00' } })
    await waitFor(() => expect(call.mock.lastCall?.[3]).toBe(new Date(new Date('2026-11-20T10:00').getTime() + 59_999).toISOString()))

    fireEvent.click(screen.getByRole('button', { name: 'Now' }))
    await waitFor(() => expect(call).toHaveBeenLastCalledWith('Usage', 'Snapshots', '', ''))
  })
})
