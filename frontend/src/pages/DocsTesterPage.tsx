// Docs & Tester (APIDocsBrowser): the API reference built from the
// platform's openapi.json (cached by version, readable offline) next to a
// tester that sends real requests with your keys.
import { Alert, Badge, Box, Center, Group, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconBook, IconCloudOff, IconSend } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import useSWR, { useSWRConfig } from 'swr'
import { getDocs } from '../api/docs'
import { errorMessage } from '../api/errors'
import { getSecret, rememberSecret } from '../api/secretVault'
import { historyEntry, sendRequest, testerInfo, type HistoryEntry, type TesterRequest } from '../api/tester'
import DocsSidebar, { type DocsSelection } from '../components/docs/DocsSidebar'
import EndpointView from '../components/docs/EndpointView'
import GettingStarted from '../components/docs/GettingStarted'
import { allEndpoints, matchEndpoint } from '../components/docs/openapi'
import PageHeader from '../components/PageHeader'
import CurlImport from '../components/tester/CurlImport'
import { draftFor, draftFromRequest, emptyDraft, toTesterRequest, type Draft } from '../components/tester/draft'
import HistoryPanel from '../components/tester/HistoryPanel'
import { secretFor, type KeyChoice } from '../components/tester/KeyPicker'
import TesterPanel from '../components/tester/TesterPanel'
import { useKeys } from '../hooks/useKeys'
import { maskSecret } from '../lib/mask'
import { useNav } from '../nav'

type View = 'reference' | 'tester'

export function APIDocsBrowser() {
  const { params } = useNav()
  const docs = useSWR('docs', getDocs, { revalidateOnFocus: false, shouldRetryOnError: false })
  const info = useSWR('tester-info', testerInfo, { revalidateOnFocus: false })
  const keys = useKeys({ status: 'all' })
  const { mutate } = useSWRConfig()
  const doc = docs.data?.spec ?? null
  const baseUrl = info.data?.base_url ?? ''
  const keyList = useMemo(() => keys.data?.api_keys ?? [], [keys.data])

  const [view, setView] = useState<View>(params.key_id ? 'tester' : 'reference')
  const [selected, setSelected] = useState<DocsSelection>({ kind: 'guide', id: 'authentication' })
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [choice, setChoice] = useState<KeyChoice>({ keyId: params.key_id ?? null, pasted: '' })
  const [entry, setEntry] = useState<HistoryEntry | null>(null)
  const [sending, setSending] = useState(false)
  const [sendError, setSendError] = useState<string | null>(null)
  const [curlOpen, setCurlOpen] = useState(false)
  const [drafted, setDrafted] = useState(false)

  // "Try in Tester" from the keys screen preselects the key.
  useEffect(() => {
    if (params.key_id) {
      setChoice({ keyId: params.key_id, pasted: '' })
      setView('tester')
    }
  }, [params.key_id])

  // With no key chosen yet, a key whose secret this session already knows
  // (say, one just created) is the natural pick.
  useEffect(() => {
    if (choice.keyId || choice.pasted) return
    const known = keyList.find((k) => k.status === 'active' && getSecret(k.key_id))
    if (known) setChoice({ keyId: known.key_id, pasted: '' })
  }, [keyList])

  // The tester starts on the first endpoint (sending an email) once the
  // document is here, unless something else filled it already.
  useEffect(() => {
    if (!doc || drafted) return
    const first = allEndpoints(doc).find((e) => e.method === 'POST') ?? allEndpoints(doc)[0]
    if (first) setDraft(draftFor(doc, first))
    setDrafted(true)
  }, [doc, drafted])

  const endpoint = useMemo(
    () => (doc && selected.kind === 'endpoint' ? allEndpoints(doc).find((e) => e.id === selected.id) : undefined),
    [doc, selected],
  )

  // In the tester the sidebar marks the endpoint being drafted (it changes
  // with the method and path, an import or a history entry), not the last click.
  const drafting = useMemo(() => (doc && view === 'tester' ? matchEndpoint(doc, draft.method, draft.path) : undefined), [doc, view, draft.method, draft.path])
  const sidebarSelected: DocsSelection = drafting ? { kind: 'endpoint', id: drafting.id } : selected

  const select = (s: DocsSelection) => {
    setSelected(s)
    // A guide has nothing to send: show it in the reference.
    if (s.kind === 'guide') setView('reference')
    if (s.kind === 'endpoint' && doc && view === 'tester') {
      const e = allEndpoints(doc).find((x) => x.id === s.id)
      if (e) {
        setDraft(draftFor(doc, e))
        setEntry(null)
      }
    }
  }

  const tryIt = () => {
    if (!doc || !endpoint) return
    setDraft(draftFor(doc, endpoint))
    setDrafted(true)
    setEntry(null)
    setSendError(null)
    setView('tester')
  }

  const applyKey = (secret: string | null, keyId?: string) => {
    if (secret) {
      const mine = keyList.find((k) => k.masked_key === maskSecret(secret))
      if (mine) {
        rememberSecret(mine.key_id, secret)
        setChoice({ keyId: mine.key_id, pasted: '' })
      } else setChoice({ keyId: null, pasted: secret })
    } else if (keyId && keyList.some((k) => k.key_id === keyId)) {
      setChoice({ keyId, pasted: '' })
    }
  }

  // An imported or reopened request replaces the draft; the answer shown
  // belonged to the old one (a history entry sets its own right after).
  const loadRequest = (r: TesterRequest) => {
    const { draft: d, secret } = draftFromRequest(r, baseUrl)
    setDraft(d)
    setDrafted(true)
    setEntry(null)
    setSendError(null)
    applyKey(secret, r.key_id)
  }

  const send = async () => {
    setSending(true)
    setSendError(null)
    try {
      const e = await sendRequest(toTesterRequest(draft, baseUrl, secretFor(choice), choice.keyId))
      setEntry(e)
      mutate((k) => Array.isArray(k) && k[0] === 'tester-history')
      if (choice.keyId) mutate((k) => Array.isArray(k) && k[0] === 'tester-warnings')
    } catch (err) {
      setSendError(errorMessage(err))
    } finally {
      setSending(false)
    }
  }

  const openHistory = async (id: string) => {
    try {
      const e = await historyEntry(id)
      loadRequest(e.request)
      setEntry(e)
      setSendError(null)
    } catch (err) {
      setSendError(errorMessage(err))
    }
  }

  const header = (
    <PageHeader
      title="Docs & Tester"
      description={
        <Group gap="xs" component="span">
          <span>The PenguinMails API reference, and a tester that sends real requests with your keys.</span>
          {docs.data && (
            <Badge variant="light" radius="sm" tt="none" component="span">
              API v{docs.data.version}
            </Badge>
          )}
        </Group>
      }
      actions={
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            {
              value: 'reference',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconBook size={15} />
                  <span>Reference</span>
                </Group>
              ),
            },
            {
              value: 'tester',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconSend size={15} />
                  <span>Tester</span>
                </Group>
              ),
            },
          ]}
        />
      }
    />
  )

  if (!docs.data && docs.isLoading) {
    return (
      <>
        {header}
        <Center py="xl">
          <Loader />
        </Center>
      </>
    )
  }
  if (!doc) {
    return (
      <>
        {header}
        <Alert color="red" icon={<IconCloudOff size={18} />} title="The API docs are not available">
          {docs.error ? errorMessage(docs.error) : 'No document.'} They open offline once they have been loaded while
          connected.
        </Alert>
      </>
    )
  }

  return (
    <>
      {header}
      {docs.data?.offline && (
        <Alert color="gray" icon={<IconCloudOff size={18} />} mb="md" data-testid="docs-offline">
          Offline: showing the cached docs (v{docs.data.version}, fetched{' '}
          {new Date(docs.data.fetched_at).toLocaleString()}). {docs.data.error}
        </Alert>
      )}
      <Group align="flex-start" gap="lg" wrap="nowrap">
        <Paper
          withBorder
          radius="md"
          p="xs"
          w={270}
          style={{ flexShrink: 0, position: 'sticky', top: 16, height: 'calc(100vh - 180px)', minHeight: 420 }}
          data-testid="docs-sidebar"
        >
          <DocsSidebar
            doc={doc}
            selected={sidebarSelected}
            onSelect={select}
            history={view === 'tester' ? <HistoryPanel onOpen={(h) => openHistory(h.id)} activeId={entry?.id} /> : undefined}
          />
        </Paper>
        <Box style={{ flex: 1, minWidth: 0 }}>
          {view === 'reference' ? (
            endpoint ? (
              <EndpointView doc={doc} endpoint={endpoint} baseUrl={baseUrl} onTry={tryIt} />
            ) : selected.kind === 'guide' ? (
              <GettingStarted doc={doc} id={selected.id} baseUrl={baseUrl} />
            ) : (
              <Text c="dimmed">Choose an endpoint.</Text>
            )
          ) : (
            <TesterPanel
                  doc={doc}
                  baseUrl={baseUrl}
                  keys={keyList}
                  keysLoading={keys.isLoading}
                  draft={draft}
                  onDraft={setDraft}
                  choice={choice}
                  onChoice={setChoice}
                  entry={entry}
                  sending={sending}
                  sendError={sendError}
                  onSend={send}
                  onImport={() => setCurlOpen(true)}
                />
          )}
        </Box>
      </Group>
      <CurlImport opened={curlOpen} onClose={() => setCurlOpen(false)} onImport={loadRequest} />
    </>
  )
}

export default function DocsTesterPage() {
  return (
    <Stack gap={0}>
      <APIDocsBrowser />
    </Stack>
  )
}
