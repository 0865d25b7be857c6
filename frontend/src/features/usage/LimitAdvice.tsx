// After requests were refused with 429 in the range: what to do about it, with
// the figures — batch (fewer, fuller requests) or upgrade the plan.
import { Alert, List, Text } from '@mantine/core'
import { IconBulb } from '@tabler/icons-react'
import type { UsageSummary } from '../../api/types.gen'
import { usePlans } from './queries'
import type { PlanInfo } from '../../api/types.gen'
import { capitalise } from './RateLimitIndicator'
import { formatNumber } from '../../lib/format'
import { ViewPlansLink } from '../../shared/ViewPlansLink'

/** Recipients one POST /emails/send takes (the send schema's maximum). */
export const MAX_RECIPIENTS_PER_SEND = 50

export function limitAdvice(summary: UsageSummary, plans: PlanInfo[], plan: string, limit: number) {
  if (summary.rate_limited_count <= 0 || limit <= 0) return null
  const next = plans.find((p) => p.name === plan.toLowerCase())?.next ?? undefined
  // Batching is enough when the peak fits the limit once up to 50
  // recipients share a request; otherwise only more capacity helps.
  const batchingFits = summary.peak_rpm <= limit * MAX_RECIPIENTS_PER_SEND && (!next || summary.peak_rpm <= limit * 2)
  return { lead: batchingFits ? ('batch' as const) : ('upgrade' as const), next }
}

export default function LimitAdvice({ summary, plan, limit, rangeWords }: { summary: UsageSummary; plan: string; limit: number; rangeWords: string }) {
  // Which advice leads depends on the next plan: none until Go has named it.
  const plans = usePlans()
  const a = plans ? limitAdvice(summary, plans, plan, limit) : null
  if (!a) return null
  const refused = formatNumber(summary.rate_limited_count)
  return (
    <Alert color="orange" variant="light" icon={<IconBulb size={18} />} data-testid="limit-advice"
      title={a.lead === 'batch' ? 'Batch your requests to stay under the limit' : 'Your traffic needs a higher limit'}
    >
      <Text size="sm" mb="xs">
        {refused} {summary.rate_limited_count === 1 ? 'request was' : 'requests were'} refused with 429 {rangeWords}; the busiest
        minute had {formatNumber(summary.peak_rpm)} requests against your limit of {formatNumber(limit)} per minute.
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>
          Batch: send one email to up to {MAX_RECIPIENTS_PER_SEND} recipients per request (or a campaign for lists), and
          spread bursts out — retry after the Retry-After seconds instead of at once.
        </List.Item>
        <List.Item>
          Upgrade:{' '}
          {a.next
            ? `the ${capitalise(a.next.name)} plan allows ${formatNumber(a.next.per_minute)} requests per minute (bursts up to ${formatNumber(a.next.burst)}).`
            : 'ask PenguinMails for a custom limit.'}{' '}
          <ViewPlansLink />
        </List.Item>
      </List>
    </Alert>
  )
}
