import { fireEvent, screen } from '@testing-library/react'
import { SWRConfig } from 'swr'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/errors'
import { renderUI } from '../../test/render'
import HistoryPanel from './HistoryPanel'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const item = { id: 'h1', at: new Date().toISOString(), method: 'GET', url: 'http://x/api/v1/contacts', status: 200, total_ms: 3 }

describe('tester history', () => {
  beforeEach(() => {
    call.mockReset()
  })

  it('says so when clearing the history fails', async () => {
    call.mockImplementation(async (_s: string, method: string) => {
      if (method === 'History') return [item]
      if (method === 'ClearHistory') throw new ApiError({ code: 'internal', message: 'The console could not write to its data directory.' })
      throw new Error(`unexpected ${_s}.${method}`)
    })
    renderUI(
      <SWRConfig value={{ provider: () => new Map() }}>
        <HistoryPanel onOpen={() => {}} />
      </SWRConfig>,
    )
    await screen.findByText('/api/v1/contacts')
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }))
    // The confirmation's own "Clear history" button.
    fireEvent.click((await screen.findAllByRole('button', { name: 'Clear history' })).at(-1)!)
    expect(await screen.findByText('The console could not write to its data directory.')).toBeInTheDocument()
  })
})
