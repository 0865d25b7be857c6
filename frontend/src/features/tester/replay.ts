// "Open in Tester" from the Logs screen: the logged request waits here, by
// its request id, until the tester takes it (once). Memory only.
import type { TesterRequest } from './queries'

const waiting = new Map<string, TesterRequest>()

export function offerReplay(requestId: string, r: TesterRequest): void {
  waiting.clear()
  waiting.set(requestId, r)
}

export function takeReplay(requestId: string): TesterRequest | undefined {
  const r = waiting.get(requestId)
  waiting.delete(requestId)
  return r
}
