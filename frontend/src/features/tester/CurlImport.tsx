// Paste a cURL command and the tester fills itself in (parsed in Go:
// quotes, continuations, here-documents, the usual curl options).
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { errorMessage } from '../../api/errors'
import { parseCurl, type TesterRequest } from './queries'

export default function CurlImport({
  opened,
  onClose,
  onImport,
}: {
  opened: boolean
  onClose: () => void
  onImport: (r: TesterRequest) => void
}) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    setBusy(true)
    setError(null)
    try {
      const r = await parseCurl(text)
      onImport(r)
      setText('')
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title="Import a cURL command" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          Paste a command; its method, URL, headers and body fill the tester. A PenguinMails key in it is used for this
          request and kept in memory only.
        </Text>
        <Textarea
          autosize
          minRows={6}
          maxRows={16}
          aria-label="cURL command"
          placeholder={"curl -X POST https://…/api/v1/emails/send \\\n  -H 'Authorization: Bearer pm_test_…' \\\n  -d '{\"to\":\"…\"}'"}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={error}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12.5 } }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={busy} disabled={!text.trim()}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
