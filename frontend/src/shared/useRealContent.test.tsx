import { render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useRealContent } from './useRealContent'

function Screen({ ready }: { ready: boolean }) {
  useRealContent(ready, 'overview')
  return <p>{ready ? 'data' : 'loading'}</p>
}

describe('useRealContent', () => {
  it('marks the page only once real data has been painted', async () => {
    const { rerender } = render(<Screen ready={false} />)
    await new Promise((r) => setTimeout(r, 50))
    expect(document.documentElement.dataset.content).toBeUndefined()
    rerender(<Screen ready />)
    await waitFor(() => expect(document.documentElement.dataset.content).toBe('real'))
  })
})
