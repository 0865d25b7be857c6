// The colour of an HTTP status wherever one is shown (usage, logs): 429 apart
// from other client errors, as the product counts it.
export const statusColor = (s: number): string => (s === 429 ? 'orange' : s >= 500 ? 'red' : s >= 400 ? 'yellow' : 'teal')
