// The Changelog page shows what the Go side computed from two documents that differ.
import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { renderUI } from '../../test/render'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))

import GettingStarted from './GettingStarted'

describe('Changelog', () => {
  it('lists each version step with its changes', async () => {
    call.mockResolvedValue([
      { from: '1.0.0', to: '1.1.0', seen_at: '2026-03-01T10:00:00Z', changes: ['Added operation GET /emails/{id}', 'Added field SendEmailRequest.track_opens'] },
    ])
    renderUI(<GettingStarted doc={{ openapi: '3.1.0', info: { title: 'x', version: '1.1.0' }, paths: {} } as never} id="changelog" baseUrl="http://x" />)
    expect(await screen.findByText('1.0.0 → 1.1.0')).toBeInTheDocument()
    expect(screen.getByText('Added field SendEmailRequest.track_opens')).toBeInTheDocument()
    expect(call).toHaveBeenCalledWith('Docs', 'Changelog')
  })
})
