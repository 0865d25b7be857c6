// The Requests tab: filters, a virtualized table of the request log that can
// tail live (with a pause), paging by cursor as you scroll, CSV export, and
// the detail drawer. Offline it shows the page fetched last with its age.
import { Badge, Button, Group, Paper, Stack, Switch, Text } from '@mantine/core'
import { IconDownload, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { exportLogsCSV, listLogs, matchesQuery, onLogEntry, setTail, type LogEntry, type LogsView } from './queries'
import { useKeys } from '../keys/queries'
import { useNav } from '../../nav'
import KeptBanner from './KeptBanner'
import LogDrawer from './LogDrawer'
import LogFilters, { emptyFilters, toQuery, type LogFilterState } from './LogFilters'
import LogTable from './LogTable'
import { ErrorAlert } from '../../shared/ErrorMessage'

const TAIL_MAX = 5000

export default function RequestLogPanel() {
  const { params, navigate } = useNav()
  const keys = useKeys({ status: 'all' })
  const [filters, setFilters] = useState<LogFilterState>({
    ...emptyFilters,
    requestId: params.request_id ?? '',
    keyId: params.key_id ?? '',
    status: params.status ?? '',
  })
  const query = useMemo(() => toQuery(filters), [filters])
  const [view, setView] = useState<LogsView | null>(null)
  const [entries, setEntries] = useState<LogEntry[]>([])
  const [cursor, setCursor] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [open, setOpen] = useState<string | null>(params.request_id ?? null)
  const [tailing, setTailing] = useState(false)
  const [paused, setPaused] = useState(false)
  const [held, setHeld] = useState<LogEntry[]>([])
  const [fresh, setFresh] = useState<Set<string>>(new Set())
  const [exporting, setExporting] = useState(false)
  const gen = useRef(0)

  // a request id from another screen (Usage's recent errors, the tester)
  useEffect(() => {
    if (params.request_id) {
      setFilters((f) => ({ ...f, requestId: params.request_id }))
      setOpen(params.request_id)
    }
  }, [params.request_id])

  const load = useCallback(async () => {
    const g = ++gen.current
    setLoading(true)
    setError(null)
    try {
      const v = await listLogs({ ...query, limit: 100 })
      if (g !== gen.current) return
      setView(v)
      setEntries(v.page.entries)
      setCursor(v.page.next_cursor)
      setHeld([])
    } catch (e) {
      if (g === gen.current) setError(errorMessage(e))
    } finally {
      if (g === gen.current) setLoading(false)
    }
  }, [query])
  useEffect(() => {
    void load()
  }, [load])

  const more = useCallback(async () => {
    if (!cursor || loadingMore || view?.offline) return
    const g = gen.current
    setLoadingMore(true)
    try {
      const v = await listLogs({ ...query, cursor, limit: 100 })
      if (g !== gen.current) return
      setEntries((cur) => {
        const seen = new Set(cur.map((e) => e.request_id))
        return [...cur, ...v.page.entries.filter((e) => !seen.has(e.request_id))]
      })
      setCursor(v.page.next_cursor)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoadingMore(false)
    }
  }, [cursor, loadingMore, query, view?.offline])

  // The live tail: the platform sends every new request while it is on;
  // those matching the filters go on top (or wait while paused).
  const pausedRef = useRef(paused)
  pausedRef.current = paused
  const queryRef = useRef(query)
  queryRef.current = query
  useEffect(() => {
    if (!tailing) return
    void setTail(true).catch((e) => setError(errorMessage(e)))
    const off = onLogEntry((e) => {
      if (!matchesQuery(e, queryRef.current)) return
      if (pausedRef.current) {
        setHeld((h) => [e, ...h].slice(0, TAIL_MAX))
        return
      }
      setEntries((cur) => (cur.some((x) => x.request_id === e.request_id) ? cur : [e, ...cur].slice(0, TAIL_MAX)))
      setFresh((f) => new Set(f).add(e.request_id))
    })
    return () => {
      off()
      void setTail(false).catch(() => {})
    }
  }, [tailing])

  const resume = () => {
    setPaused(false)
    setEntries((cur) => {
      const seen = new Set(cur.map((e) => e.request_id))
      return [...held.filter((e) => !seen.has(e.request_id)), ...cur].slice(0, TAIL_MAX)
    })
    setHeld([])
  }

  const exportCSV = async () => {
    setExporting(true)
    try {
      await exportLogsCSV(query)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setExporting(false)
    }
  }

  const offline = !!view?.offline
  return (
    <Stack gap="md">
      <LogFilters value={filters} onChange={setFilters} keys={keys.data?.api_keys ?? []} />
      {offline && view && (
        <>
          <KeptBanner fetchedAt={view.fetched_at} ageSeconds={view.age_seconds} what="page of the request log" />
          {!view.same_query && (
            <Text size="sm" c="dimmed" data-testid="offline-other-query">
              These filters were never searched while online; this is the last page of the log kept on this computer.
            </Text>
          )}
        </>
      )}
      {error && (
        <ErrorAlert title="The request log could not be read" withCloseButton onClose={() => setError(null)}>
          {error}
        </ErrorAlert>
      )}
      <Paper withBorder radius="md">
        <Group justify="space-between" px="md" py="xs" wrap="wrap" gap="sm">
          <Group gap="sm">
            <Switch
              label="Live tail"
              checked={tailing}
              disabled={offline}
              onChange={(e) => {
                setTailing(e.currentTarget.checked)
                setPaused(false)
                setHeld([])
              }}
              data-testid="tail-switch"
            />
            {tailing && (
              <Button
                size="compact-sm"
                variant={paused ? 'filled' : 'default'}
                leftSection={paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
                onClick={() => (paused ? resume() : setPaused(true))}
              >
                {paused ? `Resume${held.length ? ` (${held.length} new)` : ''}` : 'Pause'}
              </Button>
            )}
            {tailing && !paused && (
              <Badge color="teal" variant="dot">
                Live
              </Badge>
            )}
          </Group>
          <Group gap="sm">
            <Text size="sm" c="dimmed" data-testid="log-count">
              {loading ? 'Loading…' : `${entries.length}${cursor ? '+' : ''} request${entries.length === 1 && !cursor ? '' : 's'}`}
            </Text>
            <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={exportCSV} loading={exporting} disabled={offline}>
              Export CSV
            </Button>
          </Group>
        </Group>
        <LogTable entries={entries} fresh={fresh} onOpen={(e) => setOpen(e.request_id)} onEnd={cursor ? more : undefined} loadingMore={loadingMore} />
      </Paper>
      <LogDrawer
        requestId={open}
        onClose={() => {
          setOpen(null)
          if (params.request_id) navigate('logs', {})
        }}
      />
    </Stack>
  )
}
