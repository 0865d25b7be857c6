// The rate-limit headers of an answer, in words. The platform limits with
// GCRA: a sustained rate per minute plus a burst allowance that refills at
// that rate, so "Remaining" can be above "Limit" and "Reset" (the whole
// allowance back) is longer than "Retry-After" (the next request passes).
import { Badge, Group, List, Stack, Text, Tooltip } from '@mantine/core'
import type { Header } from './queries'
import { formatNumber } from '../../lib/format'

export interface RateLimitFacts {
  limit?: number
  remaining?: number
  reset?: number
  retryAfter?: number
  /** The numbers are a per-IP bucket: the key was not recognised. */
  perIP: boolean
}

const num = (headers: Header[], name: string): number | undefined => {
  const v = headers.find((h) => h.name.toLowerCase() === name)?.value
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined
}

/** Reads the X-RateLimit-* and Retry-After headers of an answer. */
export function rateLimitFacts(status: number, headers: Header[], body: string): RateLimitFacts {
  let code = ''
  try {
    code = (JSON.parse(body) as { error?: string })?.error ?? ''
  } catch {
    /* not JSON */
  }
  return {
    limit: num(headers, 'x-ratelimit-limit'),
    remaining: num(headers, 'x-ratelimit-remaining'),
    reset: num(headers, 'x-ratelimit-reset'),
    retryAfter: num(headers, 'retry-after'),
    // Refused before a key was known (missing, malformed, unknown): the
    // platform cannot know the tenant, so it reports a per-IP bucket.
    perIP: status === 401 && code === 'invalid_token',
  }
}

const seconds = (n: number) => `${formatNumber(n)} s`

/** What each header means, for this answer. */
export function rateLimitSentences(f: RateLimitFacts, burst?: number): string[] {
  const out: string[] = []
  if (f.perIP) {
    out.push(
      'The key was not recognised, so these numbers are not your plan\u2019s: they are the platform\u2019s per-IP allowance for unknown callers.',
    )
  }
  if (f.limit !== undefined) {
    out.push(`Limit: ${formatNumber(f.limit)} requests per minute, sustained${f.perIP ? ' (per IP address)' : ''}.`)
  }
  if (f.remaining !== undefined) {
    const above = f.limit !== undefined && f.remaining > f.limit
    out.push(
      `Remaining: ${formatNumber(f.remaining)} more can be sent right now` +
        (above || burst
          ? ` \u2014 the burst allowance${burst ? ` (up to ${formatNumber(burst)})` : ''}, which refills at the sustained rate${above ? ', so it can be above the per-minute limit' : ''}.`
          : '.'),
    )
  }
  if (f.reset !== undefined) {
    out.push(
      f.reset === 0
        ? 'Reset: the allowance is full.'
        : `Reset: the whole allowance is back in ${seconds(f.reset)} if nothing else is sent.`,
    )
  }
  if (f.retryAfter !== undefined) {
    out.push(
      `Retry-After: this request was refused; the next one passes in ${seconds(f.retryAfter)}` +
        (f.reset !== undefined && f.reset > f.retryAfter ? ' (sooner than Reset, which waits for the whole allowance).' : '.'),
    )
  }
  return out
}

export default function RateLimitHeaders({ facts, burst }: { facts: RateLimitFacts; burst?: number }) {
  const f = facts
  const badges: { label: string; title: string }[] = []
  if (f.limit !== undefined) badges.push({ label: `${formatNumber(f.limit)}/min${f.perIP ? ' per IP' : ''}`, title: 'X-RateLimit-Limit' })
  if (f.remaining !== undefined) badges.push({ label: `${formatNumber(f.remaining)} left now`, title: 'X-RateLimit-Remaining' })
  if (f.reset !== undefined) badges.push({ label: `full in ${seconds(f.reset)}`, title: 'X-RateLimit-Reset' })
  if (f.retryAfter !== undefined) badges.push({ label: `retry in ${seconds(f.retryAfter)}`, title: 'Retry-After' })
  if (!badges.length) return null
  const sentences = rateLimitSentences(f, f.perIP ? undefined : burst)
  return (
    <Stack gap={4} data-testid="rate-limit-headers">
      <Group gap={6}>
        {badges.map((b) => (
          <Tooltip key={b.title} label={b.title}>
            <Badge variant="light" color={f.retryAfter !== undefined ? 'orange' : 'gray'} radius="sm" tt="none" fw={500}>
              {b.label}
            </Badge>
          </Tooltip>
        ))}
      </Group>
      <List size="xs" spacing={2} c="dimmed" data-testid="rate-limit-explained">
        {sentences.map((s) => (
          <List.Item key={s}>
            <Text size="xs" c="dimmed" span>
              {s}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  )
}
