// The filter bar of the request log: status class, endpoint, key, IP, time
// range, and a search by request id.
import { Group, Select, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { useDocs } from '../docs/queries'
import type { Key } from '../../api/types.gen'
import { allEndpoints, authOf } from '../docs/openapi'

export interface LogFilterState {
  status: string
  endpoint: string // "METHOD /path" from the docs, "" for all
  keyId: string
  ip: string
  range: string // all | 15m | 1h | 24h | 7d
  requestId: string
}

export const emptyFilters: LogFilterState = { status: '', endpoint: '', keyId: '', ip: '', range: 'all', requestId: '' }

const RANGES: Record<string, number> = { '15m': 15 * 60e3, '1h': 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 }

/** The platform query of a filter state (times relative to now). */
export function toQuery(f: LogFilterState, now = Date.now()) {
  const q: Record<string, string> = {}
  if (f.requestId.trim()) {
    q.request_id = f.requestId.trim() // an id names one request: the other filters would only hide it
    return q
  }
  if (f.status) q.status = f.status
  if (f.endpoint) {
    const [method, path] = f.endpoint.split(' ')
    q.method = method
    const cut = path.indexOf('{')
    q.path = '/api/v1' + (cut >= 0 ? path.slice(0, cut) : path)
  }
  if (f.keyId) q.key_id = f.keyId
  if (f.ip.trim()) q.ip = f.ip.trim()
  if (RANGES[f.range]) q.from = new Date(now - RANGES[f.range]).toISOString()
  return q
}

export default function LogFilters({ value, onChange, keys }: { value: LogFilterState; onChange: (f: LogFilterState) => void; keys: Key[] }) {
  const docs = useDocs()
  const endpoints = useMemo(() => (docs.data?.spec ? allEndpoints(docs.data.spec).filter((e) => authOf(docs.data!.spec, e) === 'apiKey') : []), [docs.data])
  const [ip, setIP] = useState(value.ip)
  const [rid, setRid] = useState(value.requestId)
  useEffect(() => setIP(value.ip), [value.ip])
  useEffect(() => setRid(value.requestId), [value.requestId])
  const set = (patch: Partial<LogFilterState>) => onChange({ ...value, ...patch })

  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="log-filters">
      <TextInput
        label="Request ID"
        placeholder="req_…"
        leftSection={<IconSearch size={14} />}
        value={rid}
        onChange={(e) => setRid(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && set({ requestId: rid.trim() })}
        onBlur={() => rid.trim() !== value.requestId && set({ requestId: rid.trim() })}
        w={260}
      />
      <Select
        label="Status"
        value={value.status}
        onChange={(v) => set({ status: v ?? '' })}
        data={[
          { value: '', label: 'All' },
          { value: '2xx', label: '2xx success' },
          { value: '4xx', label: '4xx client errors' },
          { value: '429', label: '429 rate limited' },
          { value: '5xx', label: '5xx server errors' },
        ]}
        allowDeselect={false}
        w={170}
      />
      <Select
        label="Endpoint"
        value={value.endpoint}
        onChange={(v) => set({ endpoint: v ?? '' })}
        data={[{ value: '', label: 'All endpoints' }, ...endpoints.map((e) => ({ value: e.id, label: e.id }))]}
        allowDeselect={false}
        searchable
        w={230}
      />
      <Select
        label="Key"
        value={value.keyId}
        onChange={(v) => set({ keyId: v ?? '' })}
        data={[{ value: '', label: 'All keys' }, ...keys.map((k) => ({ value: k.key_id, label: `${k.name} · ${k.masked_key}` }))]}
        allowDeselect={false}
        searchable
        w={230}
      />
      <TextInput
        label="IP"
        placeholder="203.0.113.7"
        value={ip}
        onChange={(e) => setIP(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && set({ ip })}
        onBlur={() => ip !== value.ip && set({ ip })}
        w={150}
      />
      <Select
        label="Time"
        value={value.range}
        onChange={(v) => set({ range: v ?? 'all' })}
        data={[
          { value: 'all', label: 'All (30 days)' },
          { value: '15m', label: 'Last 15 minutes' },
          { value: '1h', label: 'Last hour' },
          { value: '24h', label: 'Last 24 hours' },
          { value: '7d', label: 'Last 7 days' },
        ]}
        allowDeselect={false}
        w={160}
      />
    </Group>
  )
}
