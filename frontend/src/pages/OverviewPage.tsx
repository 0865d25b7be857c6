// DeveloperOverview: where a developer lands — what to do next, the keys in
// use, how close the tenant is to its rate limit, and keys about to expire.
import { Alert, Button, Card, Grid, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core'
import { IconAlertCircle, IconArrowRight, IconKey } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { on } from '../api/transport'
import type { Key, LiveMessage } from '../api/types'
import APIKeyCard from '../components/APIKeyCard'
import ExpiryWarnings from '../components/ExpiryWarnings'
import PageHeader from '../components/PageHeader'
import QuickStart from '../components/QuickStart'
import RateLimitIndicator, { type RateLimitIndicatorProps } from '../components/RateLimitIndicator'
import { useKeys } from '../hooks/useKeys'
import { useCurrentSession } from '../hooks/useSession'
import { useNav } from '../nav'

// The plans of SPEC §2.4, used only when neither a key nor the live stream has
// told us the tenant's limits yet.
const PLAN_LIMITS: Record<string, { limit: number; burst: number }> = {
  starter: { limit: 60, burst: 100 },
  professional: { limit: 300, burst: 500 },
  business: { limit: 1000, burst: 2000 },
}

const ACTIVE_KEYS_SHOWN = 6

/** Seconds until the current one-minute rate-limit window ends. */
const secondsToNextMinute = (now = Date.now()) => 60 - Math.floor((now / 1000) % 60)

interface LiveRate {
  used: number
  limit?: number
  at: number
}

/**
 * Rate-limit status for the indicator: the plan from the session, limit and
 * burst from the platform's keys (every key carries the tenant's plan limits),
 * used requests per minute from the live stream's ticks.
 * TODO(usage): Usage.Current() will replace this when the Usage service lands.
 */
function useRateLimit(plan: string, keys: Key[] | undefined): RateLimitIndicatorProps & { known: boolean } {
  const [live, setLive] = useState<LiveRate | null>(null)
  useEffect(
    () =>
      on<LiveMessage>('live:tick', (m) => {
        if (m.type === 'tick' && typeof m.rpm === 'number') setLive({ used: m.rpm, limit: m.limit, at: Date.now() })
      }),
    [],
  )
  const fromKey = keys?.find((k) => k.rate_limit > 0)
  const fromPlan = PLAN_LIMITS[plan.toLowerCase()]
  const limit = fromKey?.rate_limit ?? (live?.limit || undefined) ?? fromPlan?.limit ?? 0
  const burst = fromKey?.burst ?? fromPlan?.burst ?? 0
  return {
    plan,
    used: live?.used ?? 0,
    limit,
    burst,
    resetSeconds: secondsToNextMinute(live?.at),
    live: live !== null,
    known: !!fromKey || !!live?.limit || !!fromPlan,
  }
}

function ActiveKeys({ keys }: { keys: Key[] }) {
  const { navigate } = useNav()
  const active = keys.filter((k) => k.status === 'active')
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={3}>Active keys</Title>
          <Text size="sm" c="dimmed">
            {active.length === 0
              ? 'No active keys yet.'
              : `${active.length} active ${active.length === 1 ? 'key' : 'keys'}${
                  active.length > ACTIVE_KEYS_SHOWN ? `, the ${ACTIVE_KEYS_SHOWN} most recent shown` : ''
                }`}
          </Text>
        </div>
        <Button variant="subtle" rightSection={<IconArrowRight size={16} />} onClick={() => navigate('keys')}>
          Manage keys
        </Button>
      </Group>
      {active.length === 0 ? (
        <Card>
          <Group gap="sm" c="dimmed">
            <IconKey size={18} />
            <Text size="sm">Keys you create appear here, masked. The full secret is only ever shown once.</Text>
          </Group>
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {active.slice(0, ACTIVE_KEYS_SHOWN).map((k) => (
            <APIKeyCard key={k.key_id} keyItem={k} compact />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}

export default function DeveloperOverview() {
  const session = useCurrentSession()
  const { data, error, isLoading } = useKeys({ status: 'all', sort: 'created' }, { refreshInterval: 30_000 })
  const plan = session.tenant?.plan ?? ''
  const { known, ...rate } = useRateLimit(plan, data?.api_keys)
  const name = session.user?.name?.split(' ')[0]

  return (
    <Stack gap="xl">
      <PageHeader
        title="Overview"
        description={`${name ? `Welcome back, ${name}. ` : ''}Your API access to ${session.tenant?.name ?? 'PenguinMails'} at a glance.`}
      />

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="Could not load your keys">
          {error.message}
        </Alert>
      )}

      {data && <ExpiryWarnings keys={data.api_keys} />}

      <Grid gap="lg" align="stretch">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {data ? (
            <QuickStart keys={data.api_keys} role={session.user?.role ?? 'developer'} apiUrl={session.api_url} />
          ) : (
            <Skeleton h={360} radius="lg" />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="sm">
            {known ? <RateLimitIndicator {...rate} /> : <Skeleton h={220} radius="lg" />}
            {!rate.live && (
              <Text size="xs" c="dimmed" px="xs">
                Waiting for the live usage stream; the count updates every second once it connects.
              </Text>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      {isLoading && !data ? <Skeleton h={200} radius="lg" /> : data && <ActiveKeys keys={data.api_keys} />}
    </Stack>
  )
}
