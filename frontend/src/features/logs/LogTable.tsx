// The request log as a virtualized table: only the rows in view (and a few
// around them) are in the DOM, so a tail of thousands of requests scrolls as
// smoothly as a page of fifty. Rows have a fixed height for that reason.
import { Badge, Box, Center, Loader, Text } from '@mantine/core'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { LogEntry } from './queries'
import MethodBadge from '../../shared/MethodBadge'
import { formatMs, timeOfDay } from '../../lib/format'
import { statusColor } from '../../shared/statusColor'

export const ROW_HEIGHT = 40
const OVERSCAN = 8

const cols = '96px 64px 66px minmax(160px, 1fr) minmax(100px, 160px) 110px 72px'

export default function LogTable({
  entries,
  fresh,
  onOpen,
  onEnd,
  loadingMore,
  height = 520,
}: {
  entries: LogEntry[]
  /** Request ids that arrived by the live tail (highlighted briefly). */
  fresh?: Set<string>
  onOpen: (e: LogEntry) => void
  /** Called when the last rows come into view (to load the next page). */
  onEnd?: () => void
  loadingMore?: boolean
  height?: number
}) {
  const box = useRef<HTMLDivElement>(null)
  const [top, setTop] = useState(0)
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(entries.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN)
  useEffect(() => {
    if (onEnd && last >= entries.length - 2 && entries.length > 0) onEnd()
  }, [last, entries.length, onEnd])

  const keyOpen = (e: KeyboardEvent, en: LogEntry) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      onOpen(en)
    }
  }

  return (
    <Box role="table" aria-label="Requests" aria-rowcount={entries.length + 1} data-testid="log-table">
      <Box
        role="row"
        style={{ display: 'grid', gridTemplateColumns: cols, gap: 8, padding: '6px 12px', borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {['Time', 'Status', 'Method', 'Path', 'Key', 'IP', 'Latency'].map((h) => (
          <Text key={h} role="columnheader" size="xs" fw={600} c="dimmed" tt="uppercase">
            {h}
          </Text>
        ))}
      </Box>
      <div ref={box} style={{ height, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setTop(e.currentTarget.scrollTop)} data-testid="log-scroll">
        {entries.length === 0 && (
          <Center h={120}>
            <Text c="dimmed" size="sm">
              No requests match these filters.
            </Text>
          </Center>
        )}
        <div style={{ height: entries.length * ROW_HEIGHT, position: 'relative' }}>
          {entries.slice(first, last).map((en, i) => {
            const idx = first + i
            return (
              <div
                key={en.request_id}
                role="row"
                tabIndex={0}
                aria-rowindex={idx + 2}
                aria-label={`${en.method} ${en.path} ${en.status}, ${en.request_id}`}
                data-request-id={en.request_id}
                onClick={() => onOpen(en)}
                onKeyDown={(e) => keyOpen(e, en)}
                style={{
                  position: 'absolute',
                  top: idx * ROW_HEIGHT,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  display: 'grid',
                  gridTemplateColumns: cols,
                  gap: 8,
                  alignItems: 'center',
                  padding: '0 12px',
                  borderBottom: '1px solid var(--mantine-color-default-border)',
                  background: fresh?.has(en.request_id) ? 'var(--mantine-color-brand-light)' : undefined,
                  cursor: 'pointer',
                }}
              >
                <Text role="cell" size="sm" ff="monospace" title={en.at}>
                  {timeOfDay(en.at)}
                </Text>
                <span role="cell">
                  <Badge color={statusColor(en.status)} variant="light" radius="sm" title={en.error || undefined}>
                    {en.status}
                  </Badge>
                </span>
                <span role="cell">
                  <MethodBadge method={en.method} />
                </span>
                <Text role="cell" size="sm" ff="monospace" truncate title={en.path + (en.query ? '?' + en.query : '')}>
                  {en.path.replace(/^\/api\/v1/, '')}
                  {en.query && (
                    <Text span c="dimmed" size="sm" ff="monospace">
                      ?{en.query}
                    </Text>
                  )}
                </Text>
                <Text role="cell" size="sm" truncate title={en.masked_key}>
                  {en.key_name || en.key_id}
                </Text>
                <Text role="cell" size="sm" ff="monospace" truncate>
                  {en.ip}
                </Text>
                <Text role="cell" size="sm" ta="right">
                  {formatMs(en.latency_ms, 1)}
                </Text>
              </div>
            )
          })}
        </div>
        {loadingMore && (
          <Center h={ROW_HEIGHT}>
            <Loader size="xs" type="dots" />
          </Center>
        )}
      </div>
    </Box>
  )
}
