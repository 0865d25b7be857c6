// Docs & Tester (APIDocsBrowser): the API reference built from the
// platform's openapi.json (cached by version, readable offline) next to a
// tester that sends real requests with your keys.
import { GUIDES } from './guide'
import { Alert, Badge, Box, Center, Group, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconBook, IconCloudOff, IconSend } from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useSWRConfig } from 'swr'
import { type OpenAPIDoc, useDocs } from './queries'
import { errorMessage } from '../../api/errors'
import { getSecret, rememberSecret } from '../session/secretVault'
import { historyEntry, sendRequest, type HistoryEntry, type TesterRequest, useTesterInfo, isHistoryKey } from '../tester/queries'
import DocsSidebar, { type DocsSelection } from './DocsSidebar'
import EndpointView, { PLACEHOLDER_KEY, type ExampleKey } from './EndpointView'
import GettingStarted from './GettingStarted'
import { allEndpoints, pathParamNames } from './openapi'
import { endpointForKey, matchEndpoint, useEndpointMatch } from './match'
import { identifyKey } from '../keys/rules'
import PageHeader from '../../shared/PageHeader'
import CurlImport from '../tester/CurlImport'
import { draftFor, draftFromRequest, emptyDraft, toTesterRequest, type Draft } from '../tester/draft'
import HistoryPanel from '../tester/HistoryPanel'
import { secretFor, type KeyChoice } from '../tester/KeyPicker'
import TesterPanel from '../tester/TesterPanel'
import { takeReplay } from '../tester/replay'
import { saveTesterState, savedTesterState, type TesterView } from '../tester/testerStore'
import { useKeys } from '../keys/queries'
import { useNav } from '../../nav'
import { localDateTime } from '../../lib/format'

type View = TesterView

const firstEndpoint = (doc: OpenAPIDoc) => allEndpoints(doc).find((e) => e.method === 'POST') ?? allEndpoints(doc)[0]

export function APIDocsBrowser() {
  const { params } = useNav()
  const docs = useDocs()
  const info = useTesterInfo()
  const keys = useKeys({ status: 'all' })
  const { mutate } = useSWRConfig()
  const doc = docs.data?.spec ?? null
  const baseUrl = info.data?.base_url ?? ''
  const keyList = useMemo(() => keys.data?.api_keys ?? [], [keys.data])

  // Coming back from another screen finds the tester as it was left.
  const [saved] = useState(savedTesterState)
  const [view, setView] = useState<View>(params.key_id ? 'tester' : (saved?.view ?? 'reference'))
  const [selected, setSelected] = useState<DocsSelection>(saved?.selected ?? { kind: 'guide', id: 'authentication' })
  const [draft, setDraft] = useState<Draft>(saved?.draft ?? emptyDraft)
  const [choice, setChoice] = useState<KeyChoice>(
    params.key_id ? { keyId: params.key_id, pasted: '' } : (saved?.choice ?? { keyId: null, pasted: '' }),
  )
  const [entry, setEntry] = useState<HistoryEntry | null>(saved?.entry ?? null)
  const [sending, setSending] = useState(false)
  const [sendError, setSendError] = useState<string | null>(null)
  const [curlOpen, setCurlOpen] = useState(false)
  const [drafted, setDrafted] = useState(!!saved?.draft)

  useEffect(() => {
    saveTesterState({ view, selected, draft: drafted ? draft : null, choice, entry })
  }, [view, selected, draft, drafted, choice, entry])

  // The command palette opens an endpoint's reference ({endpoint: "POST /emails/send"}).
  useEffect(() => {
    if (!params.endpoint) return
    setSelected({ kind: 'endpoint', id: params.endpoint })
    setView('reference')
  }, [params.endpoint])

  // The Overview's quick start opens a guide ({guide: "sdks"}).
  useEffect(() => {
    const g = GUIDES.find((x) => x.id === params.guide)
    if (!g) return
    setSelected({ kind: 'guide', id: g.id })
    setView('reference')
  }, [params.guide])

  // "Try in Tester" from the keys screen preselects the key.
  useEffect(() => {
    if (params.key_id) {
      setChoice({ keyId: params.key_id, pasted: '' })
      setView('tester')
    }
  }, [params.key_id])

  // ...and opens an endpoint that key may call: a read_contacts key lands on
  // GET /contacts, not on sending an email it would be refused.
  const triedFor = useRef<string | null>(null)
  useEffect(() => {
    const id = params.key_id
    if (!id || !doc || !keys.data || triedFor.current === id) return
    triedFor.current = id
    const key = keyList.find((k) => k.key_id === id)
    let live = true
    void (async () => {
      const current = drafted ? await matchEndpoint(doc, draft.method, draft.path) : undefined
      const target = (await endpointForKey(doc, key?.permissions ?? [], current)) ?? current ?? firstEndpoint(doc)
      if (live && target && target.id !== current?.id) {
        setDraft(draftFor(doc, target))
        setDrafted(true)
        setEntry(null)
        setSendError(null)
      }
    })().catch(() => {})
    return () => {
      live = false
    }
  }, [params.key_id, doc, keys.data, keyList, drafted, draft.method, draft.path])

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
    if (!doc || drafted || params.key_id) return
    const first = firstEndpoint(doc)
    if (first) setDraft(draftFor(doc, first))
    setDrafted(true)
  }, [doc, drafted, params.key_id])

  // The reference's examples carry the picked key: its secret when this
  // session knows it (shown masked), else its masked form.
  const pickedKey = choice.keyId ? keyList.find((k) => k.key_id === choice.keyId) : undefined
  const pickedSecret = secretFor(choice)
  const exampleKey = useMemo<ExampleKey>(
    () =>
      pickedSecret ? { token: pickedSecret, secret: pickedSecret } : pickedKey ? { token: pickedKey.masked_key } : PLACEHOLDER_KEY,
    [pickedSecret, pickedKey?.masked_key],
  )

  const endpoint = useMemo(
    () => (doc && selected.kind === 'endpoint' ? allEndpoints(doc).find((e) => e.id === selected.id) : undefined),
    [doc, selected],
  )

  // In the tester the sidebar marks the endpoint being drafted (it changes
  // with the method and path, an import or a history entry), not the last click.
  const drafting = useEndpointMatch(view === 'tester' ? doc : undefined, draft.method, draft.path)
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

  // A key found in the request: one of yours becomes the picked key (so the
  // warnings can check it). An imported command keeps its own Authorization
  // header, so an unknown key is not picked as well.
  const applyKey = (secret: string | null, keyId: string | undefined, imported: boolean) => {
    if (secret) {
      // Go says whose secret it is (app Keys.Identify); until it answers, or
      // if it is none of yours, it stays a pasted key.
      if (!imported) setChoice({ keyId: null, pasted: secret })
      void identifyKey(secret)
        .then((id) => {
          if (!id.key_id || !keyList.some((k) => k.key_id === id.key_id)) return
          rememberSecret(id.key_id, secret)
          setChoice({ keyId: id.key_id, pasted: '' })
        })
        .catch(() => {})
    } else if (keyId && keyList.some((k) => k.key_id === keyId)) {
      setChoice({ keyId, pasted: '' })
    }
  }

  // An imported or reopened request replaces the draft; the answer shown
  // belonged to the old one (a history entry sets its own right after).
  const loadRequest = (r: TesterRequest, imported = false) => {
    const { draft: d, secret } = draftFromRequest(r, baseUrl, { imported })
    setDraft(d)
    setDrafted(true)
    setEntry(null)
    setSendError(null)
    applyKey(secret, r.key_id, imported)
  }

  // "Open in Tester" from Logs hands over a logged request: its method, path,
  // query and body, and its key by id (the secret is asked for if this
  // session does not know it).
  useEffect(() => {
    if (!params.replay || !baseUrl || !keys.data) return
    const r = takeReplay(params.replay)
    if (!r) return
    loadRequest(r)
    setView('tester')
  }, [params.replay, baseUrl, keys.data])

  const send = async () => {
    setSending(true)
    setSendError(null)
    try {
      const e = await sendRequest(toTesterRequest(draft, baseUrl, secretFor(choice), choice.keyId))
      setEntry(e)
      mutate(isHistoryKey)
      if (choice.keyId) mutate((k) => Array.isArray(k) && k[0] === 'tester-warnings')
    } catch (err) {
      setSendError(errorMessage(err))
    } finally {
      setSending(false)
    }
  }

  // Ctrl/Cmd+Enter sends from anywhere in the tester, the body editor
  // included (CodeMirror would insert a line): caught on the way down, before
  // the editor sees it. Dialogs (the cURL import) keep their own keys.
  const sendRef = useRef(send)
  sendRef.current = send
  const canSend = !sending && !pathParamNames(draft.path).some((p) => !draft.pathParams[p])
  useEffect(() => {
    if (view !== 'tester') return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return
      e.preventDefault()
      e.stopPropagation()
      if (canSend) void sendRef.current()
    }
    document.addEventListener('keydown', onKey, true)
    return () => document.removeEventListener('keydown', onKey, true)
  }, [view, canSend])

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
          {localDateTime(docs.data.fetched_at)}). {docs.data.error}
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
              <EndpointView doc={doc} endpoint={endpoint} baseUrl={baseUrl} apiKey={exampleKey} onTry={tryIt} />
            ) : selected.kind === 'guide' ? (
              <GettingStarted doc={doc} id={selected.id} baseUrl={baseUrl} apiKey={exampleKey} />
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
      <CurlImport opened={curlOpen} onClose={() => setCurlOpen(false)} onImport={(r) => loadRequest(r, true)} />
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
