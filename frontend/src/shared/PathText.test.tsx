import { describe, expect, it } from 'vitest'
import { render } from '@testing-library/react'
import PathText from './PathText'

describe('PathText', () => {
  it('keeps the path as it is and lets it wrap only before a slash', () => {
    const { getByTestId } = render(<PathText path="/api/v1/emails/{id}" />)
    const el = getByTestId('path-text')
    expect(el.textContent).toBe('/api/v1/emails/{id}')
    // a break opportunity before each inner slash, none inside a segment
    expect(el.querySelectorAll('wbr')).toHaveLength(3)
    expect(el.innerHTML).toBe('/api<wbr>/v1<wbr>/emails<wbr>/{id}')
  })
})
