// Search, status filter and sort of the key list; all applied by the platform.
import { Group, SegmentedControl, Select, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import type { KeyListQuery } from '../../api/types.gen'

export type StatusFilter = NonNullable<KeyListQuery['status']>
export type SortBy = NonNullable<KeyListQuery['sort']>

export interface KeyFiltersProps {
  search: string
  onSearch: (v: string) => void
  status: StatusFilter
  onStatus: (v: StatusFilter) => void
  sort: SortBy
  onSort: (v: SortBy) => void
}

export function KeyFilters({ search, onSearch, status, onStatus, sort, onSort }: KeyFiltersProps) {
  return (
    <Group gap="sm" wrap="wrap" mb="md">
      <TextInput
        placeholder="Search by name or key ID"
        aria-label="Search keys"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        style={{ flex: 1, minWidth: 220 }}
      />
      <SegmentedControl
        aria-label="Status"
        value={status}
        onChange={(v) => onStatus(v as StatusFilter)}
        data={[
          { value: 'all', label: 'All' },
          { value: 'active', label: 'Active' },
          { value: 'revoked', label: 'Revoked' },
          { value: 'expired', label: 'Expired' },
        ]}
      />
      <Select
        aria-label="Sort by"
        value={sort}
        onChange={(v) => v && onSort(v as SortBy)}
        data={[
          { value: 'created', label: 'Sort: Created' },
          { value: 'last_used', label: 'Sort: Last used' },
          { value: 'name', label: 'Sort: Name' },
        ]}
        allowDeselect={false}
        w={170}
      />
    </Group>
  )
}
