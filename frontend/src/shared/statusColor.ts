// Colours that say how healthy something is, wherever it is shown.

/** The colour of an HTTP status (usage, logs): 429 apart from other client
 *  errors, as the product counts it. */
export const statusColor = (s: number): string => (s === 429 ? 'orange' : s >= 500 ? 'red' : s >= 400 ? 'yellow' : 'teal')

/** How healthy a share of successful requests is, one rule for every screen
 *  (the Overview, key cards, Usage's cards and tables): 99 % and more is
 *  good, under 95 % (one request in twenty failing) is bad, between is a
 *  warning. */
export type Health = 'good' | 'warn' | 'bad'
export function successHealth(successPct: number): Health {
  return successPct >= 99 ? 'good' : successPct >= 95 ? 'warn' : 'bad'
}

const HEALTH_COLOR: Record<Health, string> = { good: 'teal', warn: 'yellow', bad: 'red' }

/** The colour of a success rate that is shown with its full scale
 *  (teal, yellow, red). */
export const successColor = (successPct: number): string => HEALTH_COLOR[successHealth(successPct)]

/** The colour of a rate in a table or among other figures, which stands out
 *  only when it is bad: red, else the text's own colour. */
export const redWhenBad = (successPct: number): string | undefined => (successHealth(successPct) === 'bad' ? 'red' : undefined)

/** Errors as a share of requests, in percent; undefined without traffic. */
export function errorRate(requests: number, errors: number): number | undefined {
  return requests > 0 ? (errors / requests) * 100 : undefined
}
