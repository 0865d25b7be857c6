import { act, fireEvent, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderUI } from '../../test/render'
import RateLimitIndicator from './RateLimitIndicator'
import { onlyGo } from '../../test/goAnswers'

// Go at the transport: the plans (and what an upgrade gives) are its answer.
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, inWindow: () => false }))

const props = { plan: 'professional', used: 45, limit: 300, burst: 500, resetSeconds: 42 }

describe('RateLimitIndicator', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    call.mockImplementation(onlyGo)
  })
  afterEach(() => vi.useRealTimers())

  it('shows the plan, usage with percentage, burst and reset', () => {
    renderUI(<RateLimitIndicator {...props} />)
    expect(screen.getByText('Professional plan')).toBeInTheDocument() // the plan's name, in the product's words
    expect(screen.getByText('45 / 300 (15%)')).toBeInTheDocument()
    expect(screen.getByText(/Burst: up to 500 requests at once/)).toBeInTheDocument()
    expect(screen.getByText('Resets in 42 seconds')).toBeInTheDocument()
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '15')
  })

  it('keeps refused requests apart from the ones that used the limit', () => {
    renderUI(<RateLimitIndicator {...props} used={290} refused={302} />)
    expect(screen.getByText('290 / 300 (97%)')).toBeInTheDocument()
    expect(screen.getByTestId('rate-limit-refused').textContent).toBe('+ 302 refused (429) in the last minute')
  })

  it('offline it shows — rather than a made-up 0', () => {
    renderUI(<RateLimitIndicator {...props} used={0} limit={60} unknown />)
    expect(screen.getByTestId('rate-limit-usage').textContent).toBe('— / 60')
    expect(screen.queryByText(/0%/)).toBeNull()
    expect(screen.getByText('Not known offline')).toBeInTheDocument()
  })

  it('counts the reset down every second until the limit is full again', () => {
    renderUI(<RateLimitIndicator {...props} resetSeconds={3} />)
    expect(screen.getByText('Resets in 3 seconds')).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByText('Resets in 2 seconds')).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByText('Resets in 1 second')).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByText('Burst fully available')).toBeInTheDocument()
    act(() => vi.advanceTimersByTime(5000))
    expect(screen.getByText('Burst fully available')).toBeInTheDocument()
  })

  it('restarts the countdown when a new reset value arrives', () => {
    const { rerender } = renderUI(<RateLimitIndicator {...props} />)
    act(() => vi.advanceTimersByTime(5000))
    expect(screen.getByText('Resets in 37 seconds')).toBeInTheDocument()
    rerender(<RateLimitIndicator {...props} resetSeconds={10} />)
    expect(screen.getByText('Resets in 10 seconds')).toBeInTheDocument()
  })

  it('prompts an upgrade only above 80 %, naming the next plan Go gives', async () => {
    const { rerender } = renderUI(<RateLimitIndicator {...props} used={240} />)
    expect(screen.getByText('240 / 300 (80%)')).toBeInTheDocument()
    expect(screen.queryByTestId('upgrade-prompt')).not.toBeInTheDocument()

    rerender(<RateLimitIndicator {...props} used={243} />)
    await act(() => vi.advanceTimersByTimeAsync(10))
    expect(screen.getByText('243 / 300 (81%)')).toBeInTheDocument()
    expect(call).toHaveBeenCalledWith('Usage', 'Plans')
    const prompt = screen.getByTestId('upgrade-prompt')
    expect(prompt).toHaveTextContent('Upgrade plan for higher limits')
    expect(prompt).toHaveTextContent('Business allows 1,000 requests per minute')
    // "View plans →" opens the plans page outside the console.
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    fireEvent.click(screen.getByRole('link', { name: 'View plans →' }))
    expect(open).toHaveBeenCalledWith('https://penguinmails.com/pricing', '_blank', 'noopener,noreferrer')
    open.mockRestore()
  })

  it('colours the bar by level', () => {
    const { rerender } = renderUI(<RateLimitIndicator {...props} />)
    const bar = () => screen.getByTestId('rate-limit-indicator').querySelector('[data-level]')
    expect(bar()).toHaveAttribute('data-level', 'ok')
    rerender(<RateLimitIndicator {...props} used={200} />)
    expect(bar()).toHaveAttribute('data-level', 'elevated')
    rerender(<RateLimitIndicator {...props} used={270} />)
    expect(bar()).toHaveAttribute('data-level', 'high')
    rerender(<RateLimitIndicator {...props} used={299} />)
    expect(bar()).toHaveAttribute('data-level', 'critical')
  })

  it('marks live data', () => {
    renderUI(<RateLimitIndicator {...props} live />)
    expect(screen.getByText('Live')).toBeInTheDocument()
  })
})
