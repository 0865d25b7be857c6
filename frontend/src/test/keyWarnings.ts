// React's list-key warnings ("Encountered two children with the same key",
// "Each child in a list should have a unique key prop") only print: a test
// passed while they scrolled by. Every test now fails on one, so a repeated
// key cannot come back silently.
import { afterEach } from 'vitest'

const KEY_WARNING = /children with the same key|unique "key" prop/

/**
 * Wraps console.error (still printing everything) for the whole run, and
 * fails the test during which a key warning was printed. A plain wrapper,
 * not a spy: a test restoring its mocks does not remove it.
 */
export function failOnKeyWarnings(): void {
  const seen: string[] = []
  const print = console.error.bind(console)
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(' ')
    if (KEY_WARNING.test(text)) seen.push(text)
    print(...args)
  }
  afterEach(() => {
    const found = seen.splice(0)
    if (found.length) throw new Error(`React warned about list keys:\n${found.join('\n')}`)
  })
}
