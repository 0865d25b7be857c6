// Every 409 the platform sends keeps its own code and words all the way to
// the screen: the confirmation shows the answer's message, and only
// already_revoked makes the keys list reload as stale.
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen } from '@testing-library/react'
import { ApiError } from '../../api/errors'
import { RevokeDialog } from './RevokeDialog'
import { makeKey, renderUI } from './testUtils'

// What the transport throws when a bound Go method rejects with the JSON of
// app.UIError.
const conflict = (code: string, message: string) => ApiError.from(new Error(JSON.stringify({ status: 409, code, message })))

const CASES = [
  { code: 'already_revoked', message: 'This key has already been revoked and cannot be used.', stale: true },
  {
    code: 'too_many_previous_secrets',
    message: 'This key already has 3 previous secrets in their grace period. End one before rotating again.',
    stale: false,
  },
  { code: 'conflict', message: 'Conflict', stale: false },
]

describe('409 answers', { timeout: 20_000 }, () => {
  for (const c of CASES) {
    it(`shows ${c.code} in its own words`, async () => {
      const onStale = vi.fn()
      renderUI(
        <RevokeDialog
          keyItem={makeKey({})}
          withSudo={() => Promise.reject(conflict(c.code, c.message))}
          onRevoked={vi.fn()}
          onStale={onStale}
          onClose={vi.fn()}
        />,
      )
      fireEvent.click(screen.getByRole('button', { name: 'Revoke Key' }))
      expect((await screen.findByRole('alert')).textContent).toBe(c.message)
      expect(onStale).toHaveBeenCalledTimes(c.stale ? 1 : 0)
    })
  }
})
