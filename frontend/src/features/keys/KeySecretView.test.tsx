// The success view: the secret once, Copy, Download .env, and it closes only
// on "I've saved my key".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { KeySecretView, type IssuedSecret } from './KeySecretView'
import { makeKey, renderUI } from './testUtils'
import { NavContext } from '../../nav'
import { onlyGo } from '../../test/goAnswers'

// Go at the transport: its recorded answers for the key-domain methods.
const call = vi.hoisted(() => vi.fn())
vi.mock('../../api/transport', () => ({ call, on: () => () => {}, onLocal: () => () => {}, inWindow: () => false }))
beforeEach(() => {
  call.mockImplementation(onlyGo)
})

const SECRET = 'pm_live_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u_1a2b3c'
const issued: IssuedSecret = { secret: SECRET, key: makeKey(), kind: 'created', warning: 'Store this key securely. It will not be shown again.' }

describe('KeySecretView', { timeout: 30_000 }, () => {
  let blobs: Blob[]
  beforeEach(() => {
    blobs = []
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b)
      return 'blob:env'
    }) as typeof URL.createObjectURL
    URL.revokeObjectURL = vi.fn()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('shows the whole secret, the warning and a cURL call that uses the key', async () => {
    renderUI(<KeySecretView issued={issued} apiURL="http://127.0.0.1:8787" onDone={() => {}} />)
    expect(screen.getByTestId('secret')).toHaveTextContent(SECRET)
    expect(screen.getByText(/Store this key securely/)).toBeInTheDocument()
    // The first call fits the key's permissions, as Go says it grants them.
    const curl = (await screen.findByTestId('snippet-curl')).textContent ?? ''
    expect(curl).toContain('http://127.0.0.1:8787/api/v1/emails/send')
    expect(curl).toMatch(/Authorization: Bearer pm_live_/)
  })

  it('copies the secret to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    renderUI(<KeySecretView issued={issued} apiURL="http://x" onDone={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET))
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('downloads a .env file with a do-not-commit comment', async () => {
    const clicks: HTMLAnchorElement[] = []
    const orig = HTMLAnchorElement.prototype.click
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicks.push(this)
    }
    try {
      renderUI(<KeySecretView issued={issued} apiURL="http://x" onDone={() => {}} />)
      fireEvent.click(screen.getByRole('button', { name: 'Download .env' }))
    } finally {
      HTMLAnchorElement.prototype.click = orig
    }
    expect(clicks).toHaveLength(1)
    expect(clicks[0].download).toBe('penguinmails.env')
    await waitFor(() => expect(screen.getByTestId('env-name-note').textContent).toMatch(/Saved as penguinmails.env\. browsers drop a file name that starts with a dot/))
    const env = await blobs[0].text()
    expect(env.startsWith('# PenguinMails API key — do not commit this file\n')).toBe(true)
    expect(env).toContain('add this line to your .gitignore\n#   .env\n')
    expect(env).toContain('# Best practices for API keys: https://penguinmails.com/docs/api-keys/best-practices\n')
    expect(env.endsWith(`\nPENGUINMAILS_API_KEY=${SECRET}\n`)).toBe(true)
  })

  it('ignores Escape, has no close button, and closes on "I\'ve saved my key"', () => {
    const onDone = vi.fn()
    renderUI(<KeySecretView issued={issued} apiURL="http://x" onDone={onDone} />)
    fireEvent.keyDown(screen.getByTestId('secret'), { key: 'Escape' })
    fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(onDone).not.toHaveBeenCalled()
    expect(screen.getByTestId('secret')).toBeInTheDocument()
    expect(document.querySelector('.mantine-Modal-close')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: "I've saved my key" }))
    // Nothing was copied or downloaded: it asks before the secret is gone.
    expect(onDone).not.toHaveBeenCalled()
    expect(screen.getByText(/You have not copied or downloaded this key/)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Go back' }))
    expect(screen.queryByText(/You have not copied or downloaded this key/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: "I've saved my key" }))
    fireEvent.click(screen.getByRole('button', { name: 'Close without saving' }))
    expect(onDone).toHaveBeenCalledOnce()
  })

  it('closes without asking once the secret was copied', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(() => Promise.resolve()), readText: vi.fn(() => Promise.resolve('')) }, configurable: true })
    const onDone = vi.fn()
    renderUI(<KeySecretView issued={issued} apiURL="http://x" onDone={onDone} />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await screen.findByRole('button', { name: 'Copied' })
    fireEvent.click(screen.getByRole('button', { name: "I've saved my key" }))
    expect(onDone).toHaveBeenCalledOnce()
    expect(screen.queryByText(/You have not copied or downloaded this key/)).toBeNull()
  })

  it('"View Documentation" closes the view and opens the docs', async () => {
    const navigate = vi.fn()
    const onDone = vi.fn()
    renderUI(
      <NavContext.Provider value={{ page: 'keys', params: {}, navigate }}>
        <KeySecretView issued={issued} apiURL="http://x" onDone={onDone} />
      </NavContext.Provider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'View Documentation' }))
    expect(navigate).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Close without saving' }))
    expect(onDone).toHaveBeenCalledOnce()
    expect(navigate).toHaveBeenCalledWith('docs')
  })

  it('renders nothing of the secret when there is none', () => {
    renderUI(<KeySecretView issued={null} apiURL="http://x" onDone={() => {}} />)
    expect(document.body.textContent).not.toContain('pm_live_')
  })

  it('says what happens to the old secret as the chosen grace does', () => {
    const rotated: IssuedSecret = { secret: SECRET, key: makeKey(), kind: 'rotated', previousExpiresAt: '2026-11-30T10:00:00Z', grace: '3d' }
    const { unmount } = renderUI(<KeySecretView issued={rotated} apiURL="http://x" onDone={() => {}} />)
    expect(screen.getByText(/The old secret keeps working for 3 days, until/)).toBeInTheDocument()
    unmount()
    renderUI(<KeySecretView issued={{ ...rotated, grace: 'now' }} apiURL="http://x" onDone={() => {}} />)
    expect(screen.getByText(/The old secret stopped working when you rotated/)).toBeInTheDocument()
    expect(screen.queryByText(/keeps working/)).toBeNull()
  })
})
