import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { keyFixture } from '../test/keys'
import { renderUI } from '../test/render'
import QuickStart from './QuickStart'

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

  it('ticks off the steps the tenant has done', () => {
    renderUI(<QuickStart keys={[keyFixture({ request_count: 3 })]} role="developer" apiUrl="http://x" />)
    expect(screen.getByLabelText('Step 1 done')).toBeInTheDocument()
    expect(screen.getByLabelText('Step 2 done')).toBeInTheDocument()
  })
})
