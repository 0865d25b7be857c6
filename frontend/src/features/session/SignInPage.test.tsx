import { fireEvent, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/errors'
import { renderUI, sessionFixture } from '../../test/render'
import SignInPage from './SignInPage'

const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {} }))

const remote = { api_url: 'https://api.penguinmails.example', embedded: false, online: true, expired: false }

async function fill(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/Email/), { target: { value: email } })
  fireEvent.change(screen.getByLabelText(/Password/), { target: { value: password } })
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('SignInPage', () => {
  it('shows the platform’s own message when sign-in fails', async () => {
    call.mockImplementation(async () => {
      throw new ApiError({ status: 401, code: 'invalid_credentials', message: 'Invalid email or password' })
    })
    renderUI(<SignInPage state={remote} />)
    await fill('ada@demo.penguinmails.test', 'wrong')
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password')
    expect(call).toHaveBeenCalledWith('Session', 'SignIn', 'ada@demo.penguinmails.test', 'wrong')
  })

  it('shows a field problem under its field', async () => {
    call.mockImplementation(async () => {
      throw new ApiError({ code: 'invalid_request', message: 'Enter your email', fields: { email: 'Enter your email' } })
    })
    renderUI(<SignInPage state={remote} />)
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'x' } })
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Enter your email')).toBeInTheDocument()
    expect(screen.getByLabelText(/Email/)).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('hands the new session over on success', async () => {
    const s = sessionFixture({ embedded: false })
    call.mockResolvedValue(s)
    const onSignedIn = vi.fn()
    renderUI(<SignInPage state={remote} onSignedIn={onSignedIn} />)
    await fill('ada@demo.penguinmails.test', 'right')
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(s))
  })

  it('says which platform it signs in to', () => {
    renderUI(<SignInPage state={remote} />)
    expect(screen.getByText('https://api.penguinmails.example')).toBeInTheDocument()
    expect(screen.getByText('Online')).toBeInTheDocument()
  })
})
