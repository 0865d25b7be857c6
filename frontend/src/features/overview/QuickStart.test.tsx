import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { keyFixture } from '../../test/keys'
import { renderUI } from '../../test/render'
import QuickStart, { markUsageOpened } from './QuickStart'

describe('QuickStart', () => {
  it('offers Create API Key, which opens the create flow on the keys screen', async () => {
    const { navigate } = renderUI(<QuickStart keys={[]} role="admin" apiUrl="http://127.0.0.1:8787" />)
    await userEvent.click(screen.getByRole('button', { name: 'Create API Key' }))
    expect(navigate).toHaveBeenCalledWith('keys', { create: '1' })
    expect(screen.getByText(/curl http:\/\/127.0.0.1:8787\/api\/v1\/contacts/)).toBeInTheDocument()
  })

  it('hides Create API Key from support staff', () => {
    renderUI(<QuickStart keys={[]} role="support" apiUrl="http://x" />)
    expect(screen.queryByRole('button', { name: 'Create API Key' })).not.toBeInTheDocument()
    expect(screen.getByText(/Support accounts are read-only/)).toBeInTheDocument()
  })

  it('ticks off the steps the tenant has done: a key, a successful call, Usage opened; optional steps marked', () => {
    localStorage.clear()
    const { unmount } = renderUI(<QuickStart keys={[keyFixture({ request_count: 3, error_count: 3 })]} role="developer" apiUrl="http://x" email="dev@x.test" />)
    expect(screen.getByLabelText('Step 1 done')).toBeInTheDocument()
    // Only failed calls: not yet a first successful one.
    expect(screen.getByLabelText('Step 3')).toBeInTheDocument()
    expect(screen.getByLabelText('Step 5')).toBeInTheDocument()
    expect(screen.getAllByText('Optional')).toHaveLength(2)
    expect(screen.getByText('2. Install an SDK')).toBeInTheDocument()
    expect(screen.getByText('4. Set up webhooks')).toBeInTheDocument()
    unmount()
    markUsageOpened('dev@x.test')
    renderUI(<QuickStart keys={[keyFixture({ request_count: 3, error_count: 1 })]} role="developer" apiUrl="http://x" email="dev@x.test" />)
    expect(screen.getByLabelText('Step 3 done')).toBeInTheDocument()
    expect(screen.getByLabelText('Step 5 done')).toBeInTheDocument()
  })

  it('opens the SDKs and Webhooks pages of the docs', async () => {
    const { navigate } = renderUI(<QuickStart keys={[]} role="admin" apiUrl="http://x" />)
    await userEvent.click(screen.getByRole('button', { name: 'SDKs & Libraries' }))
    await userEvent.click(screen.getByRole('button', { name: 'Webhooks' }))
    expect(navigate.mock.calls).toEqual([['docs', { guide: 'sdks' }], ['docs', { guide: 'webhooks' }]])
  })
})
