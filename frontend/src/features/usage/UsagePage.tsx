// UsageAnalytics: API usage for a range — cards, request volume, rate limit,
// endpoints, errors, per-key usage — with a live strip of the last minutes.
// Offline it shows the newest snapshot and says how old it is; the snapshot
// history lets support staff open (and compare, and export) any older one.
import { Badge, Button, Grid, Group, Select, Stack, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconHistory, IconRefresh } from '@tabler/icons-react'
import { useContext, useEffect, useMemo, useState } from 'react'
import { errorMessage } from '../../api/errors'
import type { APIUsage } from '../../api/types.gen'
import { downloadFile, exportErrorsCSV, exportSnapshot, type SnapshotMeta, type UsageRequest, useUsage, useSnapshot, useNewestSnapshotLike } from './queries'
import PageHeader from '../../shared/PageHeader'
import EndpointsTable from './EndpointsTable'
import ErrorBreakdown from './ErrorBreakdown'
import KeyUsageTable from './KeyUsageTable'
import LiveStrip from './LiveStrip'
import OfflineBanner from './OfflineBanner'
import RangePicker, { type RangeValue } from './RangePicker'
import RateLimitChart from './RateLimitChart'
import RecentErrors from './RecentErrors'
import RequestVolumeChart from './RequestVolumeChart'
import SnapshotBar from './SnapshotBar'
import SnapshotHistory from './SnapshotHistory'
import UsageCards from './UsageCards'
import LimitAdvice from './LimitAdvice'
import { markUsageOpened } from '../overview/QuickStart'
import RateLimitIndicator, { type RateLimitIndicatorProps } from './RateLimitIndicator'
import { useRateLimit } from './useRateLimit'
import { SessionContext } from '../session/useSession'
import { useLive } from './useLive'
import { useNav } from '../../nav'
import { ErrorAlert } from '../../shared/ErrorMessage'
import Loading from '../../shared/Loading'
import { rangeNoun, rangePhrase, snapshotRangeLabel } from './words'
import { ageWords, whenLabel } from '../../lib/format'

function Dashboard({
  data,
  rangeWords,
  liveExtra,
  keyId,
  onKey,
  keyNames,
  onExportErrors,
  exporting,
  rate,
  plan,
}: {
  data: APIUsage
  rangeWords: string
  liveExtra: number
  keyId: string
  onKey: (k: string) => void
  keyNames: Record<string, string>
  onExportErrors: () => void
  exporting: boolean
  rate?: { props: RateLimitIndicatorProps | null }
  /** The tenant's plan, for the advice when the live status is not known. */
  plan: string
}) {
  // The limit from the live status, else the one stored with the data (an
  // offline view or an open snapshot), so the advice after 429s is not lost.
  const stored = data.rate_limit_series.length ? data.rate_limit_series[data.rate_limit_series.length - 1].limit : 0
  const limit = rate?.props?.limit || stored
  const advice = <LimitAdvice summary={data.summary} plan={rate?.props?.plan || plan} limit={limit} rangeWords={rangeWords} />
  return (
    <Stack gap="md">
      <UsageCards summary={data.summary} liveExtra={liveExtra} rangeWords={rangeWords} />
      {advice}
      <Grid gap="md" align="stretch">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <RequestVolumeChart series={data.series} granularity={data.range.granularity} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ErrorBreakdown errors={data.errors_by_status} />
        </Grid.Col>
      </Grid>
      {/* The rate limit now (live) beside its history over the range; an
          offline view or a snapshot has only the history. */}
      <Grid gap="md" align="stretch">
        {rate && (
          <Grid.Col span={{ base: 12, lg: 4 }}>{rate.props ? <RateLimitIndicator {...rate.props} /> : <Loading h={220} />}</Grid.Col>
        )}
        <Grid.Col span={{ base: 12, lg: rate ? 8 : 12 }}>
          <RateLimitChart points={data.rate_limit_series} summary={data.summary} rangeWords={rangeWords} />
        </Grid.Col>
      </Grid>
      <KeyUsageTable keys={data.keys} selected={keyId} onSelect={onKey} />
      <EndpointsTable endpoints={data.endpoints} />
      <RecentErrors errors={data.recent_errors} keyNames={keyNames} onExport={onExportErrors} exporting={exporting} />
    </Stack>
  )
}

function LoadingDashboard() {
  return (
    <Stack gap="md">
      <Group grow>
        {[0, 1, 2, 3].map((i) => (
          <Loading key={i} h={96} />
        ))}
      </Group>
      <Loading h={300} />
      <Loading h={260} />
    </Stack>
  )
}

export default function UsageAnalytics() {
  const nav = useNav()
  const [range, setRange] = useState<RangeValue>({ range: '24h' })
  const [keyId, setKeyId] = useState(nav.params.key_id ?? '')
  // "View Usage" on a key arrives with {key_id}: filter to it.
  useEffect(() => {
    if (nav.params.key_id !== undefined) setKeyId(nav.params.key_id)
  }, [nav.params.key_id])

  const q: UsageRequest = useMemo(() => ({ ...range, key_id: keyId || undefined }), [range, keyId])
  const usage = useUsage(q)
  const live = useLive()
  const session = useContext(SessionContext)
  useEffect(() => markUsageOpened(session?.user?.email), [session?.user?.email])
  const rate = useRateLimit(session?.tenant?.plan ?? '', undefined, session?.online ?? true)
  // The previous range's answer may stand in while the new one loads, never
  // once it failed: it would be shown under the new range's name.
  const view = usage.error && !usage.current ? undefined : usage.data

  // Key names seen in any answer, so the filter keeps its choices while filtered.
  const [knownKeys, setKnownKeys] = useState<Record<string, string>>({})
  useEffect(() => {
    if (!view) return
    setKnownKeys((k) => {
      const next = { ...k }
      for (const u of view.data.keys) next[u.key_id] = u.name || u.key_id
      return next
    })
  }, [view])

  // Snapshot browsing.
  const [historyOpen, setHistoryOpen] = useState(false)
  const [snapId, setSnapId] = useState<string | null>(null)
  const [comparing, setComparing] = useState(false)
  const snap = useSnapshot(snapId)
  // The newest snapshot of the same range and key, to compare with.
  const newest = useNewestSnapshotLike(snap.data)

  const [exporting, setExporting] = useState(false)
  const exportErrors = async () => {
    setExporting(true)
    try {
      await exportErrorsCSV(q)
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(e) })
    } finally {
      setExporting(false)
    }
  }
  const exportSnap = async (format: 'csv' | 'json') => {
    if (!snapId) return
    try {
      await downloadFile(await exportSnapshot(snapId, format))
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(e) })
    }
  }
  const [refreshing, setRefreshing] = useState(false)
  const refresh = async () => {
    setRefreshing(true)
    try {
      await usage.refresh()
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not refresh', message: errorMessage(e) })
    } finally {
      setRefreshing(false)
    }
  }

  const openSnapshot = (s: SnapshotMeta) => {
    setSnapId(s.id)
    setComparing(false)
    setHistoryOpen(false)
  }

  // Live ticks add to the total (tenant-wide, so only unfiltered ranges that end now).
  const liveExtra = useMemo(() => {
    if (!view || view.offline || range.range === 'custom' || keyId) return 0
    const since = Date.parse(view.data.generated_at)
    return live.ticks.reduce((n, m) => (Date.parse(m.t) > since ? n + (m.requests ?? 0) : n), 0)
  }, [view, live.ticks, range.range, keyId])

  const keyOptions = Object.entries(knownKeys)
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([value, label]) => ({ value, label }))
  if (keyId && !knownKeys[keyId]) keyOptions.unshift({ value: keyId, label: keyId })

  const showingSnapshot = snapId !== null
  const rangeWords = rangePhrase(range.range, range.from, range.to)

  return (
    <Stack gap="md">
      <PageHeader
        title="Usage"
        description="API requests, errors and rate limits across your keys."
        actions={
          <>
            {showingSnapshot ? (
              // The open snapshot's own range and key, not the live view's:
              // the toolbar never contradicts what the page shows.
              snap.data && (
                <Badge variant="light" color="gray" size="lg" radius="sm" tt="none" data-testid="snapshot-filter">
                  {snapshotRangeLabel(snap.data.range)} · {snap.data.key_id ? (knownKeys[snap.data.key_id] ?? snap.data.key_id) : 'All keys'}
                </Badge>
              )
            ) : (
              <>
                <Select
                  aria-label="Key"
                  placeholder="All keys"
                  data={keyOptions}
                  value={keyId || null}
                  onChange={(v) => setKeyId(v ?? '')}
                  clearable
                  searchable
                  w={200}
                  data-testid="key-filter"
                />
                <RangePicker value={range} onChange={setRange} />
              </>
            )}
            <Tooltip label="Fetch fresh numbers now (usage is otherwise cached for a minute)">
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={refresh} loading={refreshing} disabled={showingSnapshot}>
                Refresh
              </Button>
            </Tooltip>
            <Button variant="default" leftSection={<IconHistory size={16} />} onClick={() => setHistoryOpen(true)}>
              History
            </Button>
          </>
        }
      />

      {!showingSnapshot && view?.offline && <OfflineBanner fetchedAt={view.fetched_at} ageSeconds={view.age_seconds} />}

      {showingSnapshot && snap.data && (
        <SnapshotBar
          snap={snap.data}
          newest={newest.data ?? null}
          comparing={comparing}
          onCompare={() => setComparing((c) => !c)}
          onExport={exportSnap}
          onBack={() => setSnapId(null)}
          onHistory={() => setHistoryOpen(true)}
          keyName={snap.data.key_id ? knownKeys[snap.data.key_id] : undefined}
        />
      )}
      {showingSnapshot && snap.error && (
        <ErrorAlert title="Could not open the snapshot" withCloseButton onClose={() => setSnapId(null)}>
          {snap.error.message}
        </ErrorAlert>
      )}

      {!showingSnapshot && (
        // The platform's live stream is tenant-wide: say so while a key filters the rest.
        <LiveStrip ticks={live.ticks} state={live.state} note={keyId ? 'All keys: the live stream is not filtered' : undefined} />
      )}

      {!showingSnapshot && usage.error && !view && usage.error.code === 'platform_unreachable' && (
        // Offline on a range (or key) no snapshot was kept of: still the
        // offline banner, so every range says the same thing the same way.
        <OfflineBanner rangeWords={rangeNoun(range.range, range.from, range.to) + (keyId ? ` for ${knownKeys[keyId] ?? keyId}` : '')} />
      )}
      {!showingSnapshot && usage.error && !view && usage.error.code !== 'platform_unreachable' && (
        <ErrorAlert title="Could not load usage">
          {usage.error.message}
        </ErrorAlert>
      )}

      {showingSnapshot ? (
        snap.data ? (
          <Dashboard
            data={snap.data.data}
            rangeWords={rangePhrase(snap.data.range)}
            liveExtra={0}
            keyId={snap.data.key_id}
            onKey={() => {}}
            keyNames={knownKeys}
            onExportErrors={() => exportSnap('csv')}
            exporting={false}
            plan={session?.tenant?.plan ?? ''}
          />
        ) : (
          !snap.error && <LoadingDashboard />
        )
      ) : view ? (
        <>
          <Dashboard
            data={view.data}
            rangeWords={rangeWords}
            liveExtra={liveExtra}
            keyId={keyId}
            onKey={setKeyId}
            keyNames={knownKeys}
            onExportErrors={exportErrors}
            exporting={exporting}
            rate={rate}
            plan={session?.tenant?.plan ?? ''}
          />
          <Text size="xs" c="dimmed" ta="right" data-testid="usage-footer">
            {snapshotRangeLabel(range.range === 'custom' ? 'custom' : range.range)}
            {keyId ? ` · ${knownKeys[keyId] ?? keyId}` : ' · all keys'} · fetched at {whenLabel(view.fetched_at)}
            {view.from_cache && !view.offline ? ` (cached, ${ageWords(view.age_seconds)})` : ''}
          </Text>
        </>
      ) : (
        !usage.error && <LoadingDashboard />
      )}

      <SnapshotHistory opened={historyOpen} onClose={() => setHistoryOpen(false)} onOpen={openSnapshot} currentId={snapId ?? undefined} keyNames={knownKeys} />
    </Stack>
  )
}
