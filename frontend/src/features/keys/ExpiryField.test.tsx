// The expiry field promises a reminder by the reminder job's own window, the
// one set under Alerts & Jobs, never a copy of its default.
import { screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReactElement } from 'react'
import { SWRConfig } from 'swr'
import { ExpiryField } from './ExpiryField'
import { renderUI } from './testUtils'

// Each test with its own SWR cache: the setting is read afresh.
const render = (ui: ReactElement) => renderUI(<SWRConfig value={{ provider: () => new Map() }}>{ui}</SWRConfig>)

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

describe('ExpiryField', () => {
  let settings: () => Promise<unknown>
  beforeEach(() => {
    call.mockReset()
    call.mockImplementation((service: string, method: string) => {
      if (service === 'Jobs' && method === 'Settings') return settings()
      throw new Error(`unexpected ${service}.${method}`)
    })
  })

  it('says the reminder comes as many days before as the reminder job is set to', async () => {
    settings = async () => ({ reminder_days: 14 })
    render(<ExpiryField choice="30" date="" onChange={() => {}} />)
    expect(await screen.findByText(/You'll get a reminder 14 days before\./)).toBeInTheDocument()
    expect(screen.queryByText(/7 days before/)).toBeNull()
  })

  it('names no number while the setting is unknown', async () => {
    settings = async () => {
      throw new Error('offline')
    }
    render(<ExpiryField choice="90" date="" onChange={() => {}} />)
    expect(await screen.findByText(/You'll get a reminder before then\./)).toBeInTheDocument()
  })

  it('promises no reminder for a key that never expires', () => {
    settings = async () => ({ reminder_days: 7 })
    render(<ExpiryField choice="never" date="" onChange={() => {}} />)
    expect(screen.getByText('The key works until you revoke it.')).toBeInTheDocument()
    expect(screen.queryByText(/reminder/)).toBeNull()
  })
})
