// The Audit tab: who did what to which key or setting, when and from where,
// with filters, paging and Export CSV. Offline it shows the page fetched last.
import { Badge, Button, Code, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { IconDownload } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { errorMessage } from '../../api/errors'
import { AUDIT_ACTIONS, exportAuditCSV, listAudit, type AuditEntry, type AuditRequest, type AuditView } from './queries'
import { useNav } from '../../nav'
import KeptBanner from './KeptBanner'
import { ErrorAlert } from '../../shared/ErrorMessage'
import { localDateTime, shortDateTime } from '../../lib/format'

const RANGES: Record<string, number> = { '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3, '30d': 30 * 24 * 3600e3 }

export const actionLabel = (a: string) => a.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())

function actionColor(a: string): string {
  if (a.endsWith('failed') || a === 'security_event' || a === 'key_revoked') return 'red'
  if (a.startsWith('key_') || a === 'permissions_changed') return 'brand'
  if (a.startsWith('sign_in') || a.startsWith('sudo')) return 'gray'
  return 'teal'
}

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') || '—' : String(v ?? '—'))

/** One line saying what changed. */
export function detailLine(e: AuditEntry): string {
  const d = e.detail ?? {}
  switch (e.action) {
    case 'permissions_changed':
      return `${list(d.before)} → ${list(d.after)}`
    case 'key_updated': {
      const b = (d.before ?? {}) as Record<string, unknown>
      const a = (d.after ?? {}) as Record<string, unknown>
      return Object.keys(a)
        .map((k) => `${k}: ${list(b[k])} → ${list(a[k])}`)
        .join('; ')
    }
    case 'key_rotated': {
      const grace = d.grace === 'now' ? '; the old secret ended at once' : d.grace ? `; the old secret works for ${d.grace}` : ''
      return `${d.previous_masked_key ?? ''} → ${d.masked_key ?? ''}${grace}`
    }
    case 'notification_sent':
      return `${d.kind ?? ''}: “${d.subject ?? ''}” to ${list(d.recipients)}`
    case 'security_event':
      return String(d.message ?? d.kind ?? '')
    case 'sign_in_failed':
      return signInFailedLine(e)
    case 'settings_changed':
      return JSON.stringify(d.after ?? {})
  }
  return d.key_name ? String(d.key_name) : ''
}

/** Failed sign-ins with unknown addresses from one IP within a minute are one
 * entry with a count: it names the first addresses (and, for a tenant's
 * overflow entry, the first IPs). */
function signInFailedLine(e: AuditEntry): string {
  const d = e.detail ?? {}
  const reason = String(d.reason ?? '').replace(/_/g, ' ')
  const count = e.count ?? 1
  if (count <= 1 || !Array.isArray(d.emails)) return reason
  const other = Number(d.other_attempts ?? 0)
  const more = other > 0 ? ` and ${other.toLocaleString('en-US')} more` : ''
  const from = Array.isArray(d.ips) ? `; from ${d.ips.join(', ')}${d.ips.length < count ? ' and others' : ''}` : ''
  return `${count.toLocaleString('en-US')} attempts, ${reason}: ${d.emails.join(', ')}${more}${from}`
}

export default function AuditPanel() {
  const { params } = useNav()
  const [actor, setActor] = useState('')
  const [action, setAction] = useState('')
  const [target, setTarget] = useState(params.target ?? '')
  const [range, setRange] = useState('all')
  const [typed, setTyped] = useState({ actor: '', target: params.target ?? '' })
  const query = useMemo<AuditRequest>(() => {
    const q: AuditRequest = {}
    if (actor) q.actor = actor
    if (action) q.action = action
    if (target) q.target = target
    if (RANGES[range]) q.from = new Date(Date.now() - RANGES[range]).toISOString()
    return q
  }, [actor, action, target, range])
  const [view, setView] = useState<AuditView | null>(null)
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [cursor, setCursor] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const gen = useRef(0)

  const load = useCallback(
    async (after = '') => {
      const g = after ? gen.current : ++gen.current
      setBusy(true)
      setError(null)
      try {
        const v = await listAudit({ ...query, cursor: after || undefined, limit: 100 })
        if (g !== gen.current) return
        setView(v)
        setEntries((cur) => (after ? [...cur, ...v.page.entries] : v.page.entries))
        setCursor(v.page.next_cursor)
      } catch (e) {
        if (g === gen.current) setError(errorMessage(e))
      } finally {
        setBusy(false)
      }
    },
    [query],
  )
  useEffect(() => {
    void load()
  }, [load])

  const exportCSV = async () => {
    try {
      await exportAuditCSV(query)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap" data-testid="audit-filters">
        <TextInput
          label="Actor"
          placeholder="email, api or system"
          value={typed.actor}
          onChange={(e) => setTyped({ ...typed, actor: e.currentTarget.value })}
          onKeyDown={(e) => e.key === 'Enter' && setActor(typed.actor.trim())}
          onBlur={() => setActor(typed.actor.trim())}
          w={240}
        />
        <Select
          label="Action"
          value={action}
          onChange={(v) => setAction(v ?? '')}
          data={[{ value: '', label: 'All actions' }, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))]}
          allowDeselect={false}
          w={210}
        />
        <TextInput
          label="Target"
          placeholder="key_… or an email"
          value={typed.target}
          onChange={(e) => setTyped({ ...typed, target: e.currentTarget.value })}
          onKeyDown={(e) => e.key === 'Enter' && setTarget(typed.target.trim())}
          onBlur={() => setTarget(typed.target.trim())}
          w={240}
        />
        <Select
          label="Time"
          value={range}
          onChange={(v) => setRange(v ?? 'all')}
          data={[
            { value: 'all', label: 'All (90 days)' },
            { value: '24h', label: 'Last 24 hours' },
            { value: '7d', label: 'Last 7 days' },
            { value: '30d', label: 'Last 30 days' },
          ]}
          allowDeselect={false}
          w={160}
        />
        <Button variant="default" leftSection={<IconDownload size={14} />} onClick={exportCSV} disabled={view?.offline}>
          Export CSV
        </Button>
      </Group>
      {view?.offline && <KeptBanner fetchedAt={view.fetched_at} ageSeconds={view.age_seconds} what="page of the audit log" />}
      {error && (
        <ErrorAlert title="The audit log could not be read">
          {error}
        </ErrorAlert>
      )}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={700}>
          <Table verticalSpacing="xs" fz="sm" data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Action and target</Table.Th>
                <Table.Th>Actor, IP and client</Table.Th>
                <Table.Th>What changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.id} data-action={e.action}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} title={localDateTime(e.at)}>
                    {shortDateTime(e.at, true)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={actionColor(e.action)} variant="light" radius="sm" tt="none" styles={{ label: { overflow: 'visible' } }}>
                      {actionLabel(e.action)}
                    </Badge>
                    {(e.count ?? 1) > 1 && (
                      <Text span size="xs" c="dimmed" ml={6} data-testid="audit-count" title={`${e.count} attempts within a minute`}>
                        ×{e.count?.toLocaleString('en-US')}
                      </Text>
                    )}
                    <div>
                      <Code
                        title={e.target || undefined}
                        fz="xs"
                        style={{ display: 'inline-block', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', verticalAlign: 'middle' }}
                      >
                        {e.target || '—'}
                      </Code>
                    </div>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={260} title={e.actor}>
                      {e.actor}
                    </Text>
                    {/* the role and where it came from, under who: the change column keeps its room */}
                    <Text size="xs" c="dimmed" truncate maw={260} title={e.user_agent || undefined}>
                      {e.role && `${e.role} · `}
                      <Text span ff="monospace" size="xs" data-testid="audit-ip">
                        {e.ip || '—'}
                      </Text>
                      {e.user_agent ? ` · ${e.user_agent}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td miw={200}>
                    <Text size="sm" lineClamp={2} maw={480} title={detailLine(e)}>
                      {detailLine(e)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
              {!busy && entries.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" size="sm" ta="center" py="md">
                      Nothing in the audit log matches these filters.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {cursor && !view?.offline && (
          <Group justify="center" p="sm">
            <Button variant="subtle" size="xs" loading={busy} onClick={() => void load(cursor)}>
              Load more
            </Button>
          </Group>
        )}
      </Paper>
    </Stack>
  )
}
