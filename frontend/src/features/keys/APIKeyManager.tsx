// APIKeyManager: the tenant's keys, with search, status filter and sort done
// by the platform, and every key action (create, edit, rotate, revoke) behind
// sudo mode. Keys are never cached: SWR refetches on mount, on focus, every
// 30 s and after every change. A new secret lives in the success view's state
// until "I've saved my key", and in the session's in-memory vault (for the tester).
import { useContext, useEffect, useState } from 'react'
import { useDraftState } from '../../lib/drafts'
import { useSWRConfig } from 'swr'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { Box, Button, Collapse, Group, Loader, Paper, SegmentedControl, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconEye, IconKey, IconLayoutGrid, IconPlus, IconTable } from '@tabler/icons-react'
import APIKeyCard from './APIKeyCard'
import PageHeader from '../../shared/PageHeader'
import { SudoBadge, SudoDialog } from '../session/SudoDialog'
import { useKeys, usePermissionCatalog } from './queries'
import { rememberSecret, forgetSecret } from '../session/secretVault'
import type { Key } from '../../api/types.gen'
import { SessionContext } from '../session/useSession'
import { useSudo } from '../session/useSudo'
import { useNav } from '../../nav'
import { CreateKeyWizard } from './CreateKeyWizard'
import { EditKeyDialog } from './EditKeyDialog'
import { KeyActions, type KeyActionHandlers } from './KeyActions'
import { KeyDetailsPanel } from './KeyDetailsPanel'
import type { RecommendationFix } from './recommendations'
import { KeyFilters, type SortBy, type StatusFilter } from './KeyFilters'
import { KeysTable } from './KeysTable'
import { useKeysView, type KeysView } from './keysView'
import { KeySecretView, type IssuedSecret } from './KeySecretView'
import { RevokeDialog } from './RevokeDialog'
import { RotateDialog } from './RotateDialog'
import { RevokedBanner, RevokedFrame } from './RevokedBanner'
import { RotationNotice } from './RotationNotice'
import { ErrorAlert } from '../../shared/ErrorMessage'
import { useDialogFocus } from './dialogFocus'

export default function APIKeyManager() {
  const { params, navigate } = useNav()
  const session = useContext(SessionContext)
  const role = session?.user?.role
  const readOnly = role === 'support'
  // The platform lets developers change only the keys they created (and never
  // grant dangerous permissions); admins manage every key.
  const mayChange = (k: Key) => !readOnly && (role !== 'developer' || k.created_by === session?.user?.email)
  const lockDangerous = role === 'developer'
  const apiURL = session?.api_url ?? ''

  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const [status, setStatus] = useState<StatusFilter>('all')
  const [sort, setSort] = useState<SortBy>('created')
  const keys = useKeys({ status, q, sort }, { refreshInterval: 30_000 })
  const catalog = usePermissionCatalog(!readOnly)
  const { mutate } = useSWRConfig()
  const sudo = useSudo()

  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  const [creating, setCreating] = useDraftState('keys.creating', false)
  const [issued, setIssued] = useState<IssuedSecret | null>(null)
  const [editing, setEditing] = useState<Key | null>(null)
  const [editFocus, setEditFocus] = useState<'expiry' | 'ips' | undefined>(undefined)
  const [view, setView] = useKeysView(session?.user?.email)
  // After the success view closes, focus goes to the new key (not the page body).
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const [rotating, setRotating] = useState<Key | null>(null)
  const [revoking, setRevoking] = useState<Key | null>(null)
  // Focus goes back to what opened a dialog once it closes (not the page body).
  const dialogFocus = useDialogFocus()
  const openEdit = (k: Key, section?: 'expiry' | 'ips') => {
    dialogFocus.remember(k.key_id)
    setEditFocus(section)
    setEditing(k)
  }
  const openRotate = (k: Key) => {
    dialogFocus.remember(k.key_id)
    setRotating(k)
  }
  const openRevoke = (k: Key) => {
    dialogFocus.remember(k.key_id)
    setRevoking(k)
  }

  // Reload the list and every open details panel after a change.
  const refresh = () => mutate((k) => Array.isArray(k) && (k[0] === 'keys' || k[0] === 'key'))

  // Incoming navigation: {create:'1'} opens the wizard, {key_id} expands that key.
  useEffect(() => {
    if (params.create === '1' && !readOnly && role) setCreating(true)
    if (params.key_id) {
      setExpanded((s) => new Set(s).add(params.key_id))
      const t = setTimeout(() => document.querySelector(`[data-key-id="${CSS.escape(params.key_id)}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 300)
      return () => clearTimeout(t)
    }
  }, [params, readOnly, role])

  // {edit: key_id, section: 'expiry'} (the Overview's "Extend expiry") opens
  // the Edit key dialog on that section once the key is in the list.
  // {revoke: key_id} (the Overview's "Revoke") opens the revoke dialog for that key.
  useEffect(() => {
    if (!params.revoke || readOnly) return
    const k = keys.data?.api_keys.find((x) => x.key_id === params.revoke)
    if (!k) return
    openRevoke(k)
    navigate('keys', { key_id: k.key_id })
  }, [params.revoke, keys.data, readOnly])

  useEffect(() => {
    if (!params.edit || readOnly) return
    const k = keys.data?.api_keys.find((x) => x.key_id === params.edit)
    if (!k) return
    openEdit(k, params.section === 'expiry' ? 'expiry' : undefined)
    navigate('keys', {})
  }, [params.edit, params.section, keys.data, readOnly])

  useEffect(() => {
    if (!focusKey) return
    const el = document.querySelector<HTMLElement>(`[data-key-id="${CSS.escape(focusKey)}"]`)
    if (!el) return
    el.focus()
    el.scrollIntoView?.({ block: 'nearest' })
    setFocusKey(null)
  }, [focusKey, keys.data, view])

  // Once handled, drop {create:'1'} from the address so a reload does not reopen the wizard.
  const closeWizard = () => {
    setCreating(false)
    if (params.create) navigate('keys', {})
  }

  const toggle = (id: string) =>
    setExpanded((s) => {
      const n = new Set(s)
      if (n.has(id)) n.delete(id)
      else n.add(id)
      return n
    })

  const handlers = (k: Key): KeyActionHandlers => ({
    onToggle: () => toggle(k.key_id),
    onEdit: () => openEdit(k),
    onRotate: () => openRotate(k),
    onRevoke: () => openRevoke(k),
    onUsage: () => navigate('usage', { key_id: k.key_id }),
    onTester: () => navigate('docs', { key_id: k.key_id }),
  })
  // A recommendation's fix opens the dialog that makes it.
  const fix = (k: Key) => (f: RecommendationFix) => {
    if (f === 'rotate') openRotate(k)
    else if (f === 'revoke') openRevoke(k)
    else openEdit(k, f === 'edit_ips' ? 'ips' : 'expiry')
  }
  const details = (k: Key) => (
    <KeyDetailsPanel keyId={k.key_id} version={`${k.last_used ?? ''}|${k.status}|${k.request_count}|${k.expires_at ?? ''}|${k.allowed_ips.join(',')}`} onFix={mayChange(k) ? fix(k) : undefined} />
  )

  const list = keys.data?.api_keys ?? []
  const filtered = status !== 'all' || q !== ''
  const firstLoad = !keys.data && !keys.error

  return (
    <Box>
      <PageHeader
        title="API Keys"
        description={
          readOnly
            ? 'Your tenant’s keys, read-only for support staff.'
            : 'Create, rotate and revoke the keys your applications use.'
        }
        actions={
          <>
            <SudoBadge state={sudo.state} />
            {readOnly ? (
              <Group gap={6}>
                <IconEye size={16} color="var(--mantine-color-dimmed)" />
                <Text size="sm" c="dimmed">
                  Read-only access
                </Text>
              </Group>
            ) : (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} disabled={!role}>
                Create API Key
              </Button>
            )}
          </>
        }
      />

      <KeyFilters search={search} onSearch={setSearch} status={status} onStatus={setStatus} sort={sort} onSort={setSort} />

      {keys.error && (
        <ErrorAlert mb="md" title="Could not load your keys">
          {keys.error.message}{' '}
          <Button size="compact-xs" variant="subtle" onClick={() => keys.mutate()}>
            Try again
          </Button>
        </ErrorAlert>
      )}

      {firstLoad && (
        <Group justify="center" py="xl">
          <Loader />
        </Group>
      )}

      {keys.data && list.length === 0 && (
        <Paper withBorder radius="md" p="xl" ta="center">
          <Stack align="center" gap="sm">
            <ThemeIcon size={48} radius="xl" variant="light">
              <IconKey size={26} />
            </ThemeIcon>
            <Title order={4}>{filtered ? 'No keys match' : 'No API keys yet'}</Title>
            <Text c="dimmed" size="sm" maw={420}>
              {filtered
                ? 'Try another search or status filter.'
                : readOnly
                  ? 'This tenant has no API keys.'
                  : 'Create a key to start sending email through the PenguinMails API. You choose exactly what it may do.'}
            </Text>
            {!filtered && !readOnly && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                Create API Key
              </Button>
            )}
          </Stack>
        </Paper>
      )}

      {list.length > 0 && (
        <>
          <Group justify="space-between" mb="xs">
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                {keys.data?.total === 1 ? '1 key' : `${keys.data?.total ?? list.length} keys`}
              </Text>
              {keys.isValidating && <Loader size="xs" />}
            </Group>
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setView(v as KeysView)}
              aria-label="Show keys as"
              data={[
                { value: 'cards', label: <Group gap={4} wrap="nowrap"><IconLayoutGrid size={14} /><span>Cards</span></Group> },
                { value: 'table', label: <Group gap={4} wrap="nowrap"><IconTable size={14} /><span>Table</span></Group> },
              ]}
            />
          </Group>
          {view === 'table' ? (
            <KeysTable keys={list} mayChange={mayChange} expanded={expanded} handlers={handlers} details={details} />
          ) : (
            <Stack gap="md">
              {list.map((k) => (
                <RevokedFrame key={k.key_id} keyItem={k}>
                <APIKeyCard
                  keyItem={k}
                  extra={
                    <>
                      <RevokedBanner keyItem={k} />
                      <RotationNotice keyItem={k} />
                      <Collapse expanded={expanded.has(k.key_id)}>{expanded.has(k.key_id) && details(k)}</Collapse>
                    </>
                  }
                  actions={
                    <KeyActions keyItem={k} readOnly={!mayChange(k)} expanded={expanded.has(k.key_id)} {...handlers(k)} />
                  }
                />
                </RevokedFrame>
              ))}
            </Stack>
          )}
        </>
      )}

      {!readOnly && (
        <>
          <CreateKeyWizard
            opened={creating}
            onClose={closeWizard}
            catalog={catalog.data}
            withSudo={sudo.withSudo}
            lockDangerous={lockDangerous}
            onCreated={(res) => {
              closeWizard()
              rememberSecret(res.key.key_id, res.api_key)
              setIssued({ secret: res.api_key, key: res.key, kind: 'created', warning: res.warning })
              void refresh()
            }}
          />
          <EditKeyDialog
            // A fresh dialog per key: its fields start from that key in the
            // very first frame, with no reset racing the user's first click.
            key={editing?.key_id ?? 'closed'}
            keyItem={editing}
            focusSection={editFocus}
            catalog={catalog.data}
            withSudo={sudo.withSudo}
            lockDangerous={lockDangerous}
            onClose={() => {
              setEditing(null)
              dialogFocus.restore()
            }}
            onSaved={(k) => {
              setEditing(null)
              dialogFocus.restore()
              notifications.show({ color: 'teal', title: 'Key updated', message: `“${k.name}” was saved.` })
              void refresh()
            }}
          />
          <RotateDialog
            keyItem={rotating}
            withSudo={sudo.withSudo}
            onClose={() => {
              setRotating(null)
              dialogFocus.restore()
            }}
            onRotated={(res, grace) => {
              setRotating(null)
              rememberSecret(res.key.key_id, res.api_key)
              setIssued({ secret: res.api_key, key: res.key, kind: 'rotated', previousExpiresAt: res.previous_key_expires_at, grace })
              void refresh()
            }}
          />
          <RevokeDialog
            keyItem={revoking}
            withSudo={sudo.withSudo}
            onClose={() => {
              setRevoking(null)
              dialogFocus.restore()
            }}
            onStale={() => void refresh()}
            onRevoked={(_, k) => {
              setRevoking(null)
              dialogFocus.restore({ toKey: true })
              forgetSecret(k.key_id)
              notifications.show({ color: 'red', title: 'Key revoked', message: `“${k.name}” no longer works.` })
              void refresh()
            }}
          />
          <KeySecretView
            issued={issued}
            apiURL={apiURL}
            onDone={() => {
              // The secret leaves React state here; only the session vault keeps it, in memory.
              if (issued) setFocusKey(issued.key.key_id)
              setIssued(null)
              void refresh()
            }}
          />
          <SudoDialog {...sudo.dialog} />
        </>
      )}
    </Box>
  )
}
