// DeveloperOverview: where a developer lands — what to do next, the keys in
// use, how close the tenant is to its rate limit, and keys about to expire.
import { Button, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { IconArrowRight, IconKey } from '@tabler/icons-react'
import type { Key } from '../../api/types.gen'
import APIKeyCard from '../keys/APIKeyCard'
import ExpiryWarnings, { keysExpiringSoon } from './ExpiryWarnings'
import PageHeader from '../../shared/PageHeader'
import QuickStart from './QuickStart'
import OverviewLinks from './OverviewLinks'
import RateLimitIndicator from '../usage/RateLimitIndicator'
import { useRateLimit } from '../usage/useRateLimit'
import { useKeys } from '../keys/queries'
import { useRealContent } from '../../shared/useRealContent'
import { useCurrentSession } from '../session/useSession'
import { formatNumber, formatPct } from '../../lib/format'
import { errorRate, redWhenBad } from '../../shared/statusColor'
import { EXPIRY_WARNING_DAYS } from '../keys/expiry'
import { useNav } from '../../nav'
import { ErrorAlert } from '../../shared/ErrorMessage'
import Loading from '../../shared/Loading'

const ACTIVE_KEYS_SHOWN = 6

function Figure({ label, value, hint, color }: { label: string; value: string; hint: string; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text fz={22} fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </div>
  )
}

/** The keys' lifetime totals, straight from the platform's key list. */
function KeyFigures({ keys }: { keys: Key[] }) {
  const active = keys.filter((k) => k.status === 'active')
  const requests = keys.reduce((n, k) => n + k.request_count, 0)
  const errors = keys.reduce((n, k) => n + k.error_count, 0)
  const expiring = keysExpiringSoon(keys).length
  const rate = errorRate(requests, errors)
  return (
    <Card data-testid="key-figures">
      <SimpleGrid cols={2} spacing="lg" verticalSpacing="lg">
        <Figure label="Active keys" value={formatNumber(active.length)} hint={`of ${formatNumber(keys.length)} in total`} />
        <Figure
          label="Expiring soon"
          value={formatNumber(expiring)}
          hint={`within ${EXPIRY_WARNING_DAYS} days`}
          color={expiring > 0 ? 'orange' : undefined}
        />
        <Figure label="Requests" value={formatNumber(requests)} hint="all keys, all time" />
        <Figure
          label="Error rate"
          value={rate === undefined ? '—' : `${formatPct(rate)}%`}
          hint={`${formatNumber(errors)} failed ${errors === 1 ? 'request' : 'requests'}`}
          color={rate === undefined ? undefined : redWhenBad(100 - rate)}
        />
      </SimpleGrid>
    </Card>
  )
}

function ActiveKeys({ keys }: { keys: Key[] }) {
  const { navigate } = useNav()
  const { user } = useCurrentSession()
  // As on the keys screen: support reads only; developers change their own keys.
  const mayRevokeKey = (k: Key) => !!user && user.role !== 'support' && (user.role !== 'developer' || k.created_by === user.email)
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
          Manage all
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
            <APIKeyCard
              key={k.key_id}
              keyItem={k}
              compact
              actions={
                <>
                  <Button size="xs" variant="default" onClick={() => navigate('keys', { key_id: k.key_id })}>
                    View
                  </Button>
                  {mayRevokeKey(k) && (
                    <Button size="xs" variant="light" color="red" onClick={() => navigate('keys', { revoke: k.key_id })}>
                      Revoke
                    </Button>
                  )}
                </>
              }
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  )
}

export default function DeveloperOverview() {
  const session = useCurrentSession()
  const { data, error, isLoading } = useKeys({ status: 'all', sort: 'created' }, { refreshInterval: 30_000 })
  useRealContent(!!data, 'overview', !!data || !!error)
  const plan = session.tenant?.plan ?? ''
  const rate = useRateLimit(plan, data?.api_keys, session.online)
  const name = session.user?.name?.split(' ')[0]

  return (
    <Stack gap="lg">
      <PageHeader
        title="Overview"
        description={`${name ? `Welcome back, ${name}. ` : ''}Your API access to ${session.tenant?.name ?? 'PenguinMails'} at a glance.`}
      />

      {error && (
        <ErrorAlert title="Could not load your keys">
          {error.message}
          {!session.online &&
            (data
              ? ' The keys below are the ones this window fetched before going offline, held in memory only (keys are never stored on this machine).'
              : ' Keys are never stored on this machine, so they appear again once the platform answers.')}
        </ErrorAlert>
      )}

      {data && <ExpiryWarnings keys={data.api_keys} />}

      <Grid gap="lg" align="stretch">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {data || error ? (
            <QuickStart keys={data?.api_keys ?? []} role={session.user?.role ?? 'developer'} apiUrl={session.api_url} email={session.user?.email} />
          ) : (
            <Loading h={360} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {rate.props ? <RateLimitIndicator {...rate.props} /> : <Loading h={220} />}
            {rate.props && !rate.props.live && (
              <Text size="xs" c="dimmed" px="xs">
                {!session.online
                  ? 'Offline: the count resumes when the platform answers again.'
                  : rate.error
                    ? `Live usage unavailable: ${rate.error}`
                    : 'Waiting for the live usage stream; the count updates every second once it connects.'}
              </Text>
            )}
            {data && <KeyFigures keys={data.api_keys} />}
            <OverviewLinks />
          </Stack>
        </Grid.Col>
      </Grid>

      {isLoading && !data ? <Loading h={200} /> : data && <ActiveKeys keys={data.api_keys} />}
    </Stack>
  )
}
