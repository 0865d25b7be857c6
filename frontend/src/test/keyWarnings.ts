// React's list-key warnings ("Encountered two children with the same key",
// "Each child in a list should have a unique key prop") only print: a test
// passes while they scroll by. A test that renders a list watches for them
// and fails on any, so a repeated key cannot come back silently.
import { onTestFinished, vi } from 'vitest'

const KEY_WARNING = /children with the same key|unique "key" prop/

/**
 * Watches console.error from now until the end of the test (call it inside the test) (still printing
 * it) and returns a function listing the key warnings seen so far.
 */
export function watchKeyWarnings(): () => string[] {
  const spy = vi.spyOn(console, 'error')
  onTestFinished(() => spy.mockRestore())
  return () => spy.mock.calls.map((args) => args.map(String).join(' ')).filter((text) => KEY_WARNING.test(text))
}
