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

  // Go at the transport: the snapshots, and the jobs' settings (their retention).
  const answer = (settings: unknown) =>
    call.mockImplementation(async (service: string, method: string) => {
      if (service === 'Usage' && method === 'Snapshots') return [snap('s1', 30_000)]
      if (service === 'Jobs' && method === 'Settings') return settings
      throw new Error(`unexpected ${service}.${method}`)
    })
  const snapshotCalls = () => call.mock.calls.filter((c) => c[1] === 'Snapshots')

  it('lists up to now (open-ended) until a time is picked, and Now returns to that', async () => {
    answer({ retention_days: 90 })
    const ui = (
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <SnapshotHistory opened onClose={() => {}} onOpen={() => {}} keyNames={{}} />
      </SWRConfig>
    )
    renderUI(ui)
    await screen.findByTestId('history-item')
    // No upper bound: a snapshot taken after the drawer's first opening still shows.
    expect(snapshotCalls().at(-1)).toEqual(['Usage', 'Snapshots', '', ''])

    const input = screen.getByLabelText('Snapshots up to')
    fireEvent.change(input, { target: { value: '2026-11-20T10:00' } })
    await waitFor(() => expect(snapshotCalls().at(-1)?.[3]).toBe(new Date(new Date('2026-11-20T10:00').getTime() + 59_999).toISOString()))

    fireEvent.click(screen.getByRole('button', { name: 'Now' }))
    await waitFor(() => expect(snapshotCalls().at(-1)).toEqual(['Usage', 'Snapshots', '', '']))
  })

  it('says how long snapshots are kept: the retention set under Alerts & Jobs, not a default', async () => {
    answer({ retention_days: 30 })
    renderUI(
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <SnapshotHistory opened onClose={() => {}} onOpen={() => {}} keyNames={{}} />
      </SWRConfig>,
    )
    expect(await screen.findByText(/kept here for 30 days \(the retention set under Alerts & Jobs\)/)).toBeInTheDocument()
    expect(screen.queryByText(/90 days/)).toBeNull()
  })
})
