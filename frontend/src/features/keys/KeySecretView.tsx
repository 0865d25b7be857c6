// The success view of create and rotate: the full secret, shown this once,
// with Copy, Download .env and a ready cURL call. It closes only on
// "I've saved my key"; the parent then drops the secret from its state.
import { useEffect, useState } from 'react'
import { Alert, Button, Code, Group, Modal, Paper, Stack, Text, ThemeIcon } from '@mantine/core'
import { IconAlertTriangle, IconBook, IconCheck, IconCopy, IconDownload, IconKey } from '@tabler/icons-react'
import type { Grace, Key } from '../../api/types.gen'
import { GRACE_CHOICES } from './rotation'
import { formatDateTime } from '../../lib/format'
import { SecretSnippet } from './SecretSnippet'
import { saveFile } from '../../lib/download'
import { copySecret } from '../../lib/clipboard'
import { useNav } from '../../nav'
import { inWindow } from '../../api/transport'
import { errorMessage } from '../../api/errors'

export interface IssuedSecret {
  secret: string
  key: Key
  /** "created" or "rotated": changes the heading and the note about the old key. */
  kind: 'created' | 'rotated'
  warning?: string
  previousExpiresAt?: string
  /** The grace chosen for the rotation. */
  grace?: Grace
}

export const ENV_COMMENT = '# PenguinMails API key — do not commit this file'
export const KEY_PRACTICES_URL = 'https://penguinmails.com/docs/api-keys/best-practices'

export function envFileText(secret: string): string {
  return [
    ENV_COMMENT,
    '# Keep it out of version control: add this line to your .gitignore',
    '#   .env',
    `# Best practices for API keys: ${KEY_PRACTICES_URL}`,
    `PENGUINMAILS_API_KEY=${secret}`,
    '',
  ].join('\n')
}

// Browsers refuse (or strip) a download name that starts with a dot, so in a
// browser the file is penguinmails.env; the window's Save dialog takes .env.
export const envFileName = (): string => (inWindow() ? '.env' : 'penguinmails.env')

async function downloadEnv(secret: string): Promise<boolean> {
  return (await saveFile(envFileName(), envFileText(secret))).saved
}

export function KeySecretView({ issued, apiURL, onDone }: { issued: IssuedSecret | null; apiURL: string; onDone: () => void }) {
  const [copyError, setCopyError] = useState<string | null>(null)
  const [copied, setCopied] = useState(false)
  const [downloaded, setDownloaded] = useState(false)
  // Whether the secret left this view at all (a Copy or a download): closing
  // before that asks first, since the secret is never shown again.
  const [kept, setKept] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [thenGo, setThenGo] = useState<{ go?: () => void }>({})
  const { navigate } = useNav()
  useEffect(() => {
    setCopied(false)
    setDownloaded(false)
    setCopyError(null)
    setKept(false)
    setConfirming(false)
  }, [issued])
  const close = (then?: () => void) => {
    if (!kept) {
      setThenGo({ go: then })
      setConfirming(true)
      return
    }
    onDone()
    then?.()
  }
  const copy = async (secret: string) => {
    try {
      if (!(await copySecret(secret))) throw new Error('clipboard unavailable')
      setCopied(true)
      setKept(true)
      setCopyError(null)
      setTimeout(() => setCopied(false), 2000)
    } catch {
      setCopyError('The clipboard is not available here: select the key and copy it by hand.')
    }
  }

  return (
    <Modal
      opened={issued !== null}
      onClose={() => {}}
      closeOnEscape={false}
      closeOnClickOutside={false}
      withCloseButton={false}
      size="xl"
      centered
      padding="xl"
      // The title names the dialog (axe: aria-dialog-name); no close button:
      // it closes only on "I've saved my key".
      title={
        issued && (
          <Group gap="sm" component="span">
            <ThemeIcon size={40} radius="xl" color="teal" variant="light" component="span">
              <IconKey size={22} />
            </ThemeIcon>
            <Text component="span" fw={700} size="xl">
              {issued.kind === 'created' ? 'Your API key is ready' : 'Your new secret is ready'}
            </Text>
          </Group>
        )
      }
    >
      {issued && (
        <Stack gap="md">
          <Group gap="sm">
            <div>
              <Text size="sm" c="dimmed">
                {issued.key.name} · {issued.key.environment === 'live' ? 'Live' : 'Test'}
              </Text>
            </div>
          </Group>

          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />}>
            {issued.warning || 'Store this key securely. It will not be shown again.'} Copy it now: once you close this window
            nobody — not you, not PenguinMails — can see it again.
          </Alert>

          <Paper withBorder radius="md" p="md" bg="var(--mantine-color-body)">
            <Text size="xs" c="dimmed" mb={6}>
              API key
            </Text>
            <Code block data-testid="secret" style={{ fontSize: 14, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {issued.secret}
            </Code>
            <Group mt="sm" gap="sm">
              <Button leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} color={copied ? 'teal' : undefined} onClick={() => copy(issued.secret)}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
              <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => {
                  downloadEnv(issued.secret)
                    .then((saved) => {
                      setDownloaded(saved)
                      if (saved) setKept(true)
                    })
                    .catch((e) => setCopyError(errorMessage(e)))
                }}
              >
                Download .env
              </Button>
              {!inWindow() && (
                <Text size="xs" c="dimmed" data-testid="env-name-note">
                  {downloaded ? 'Saved as penguinmails.env. ' : 'Saves as penguinmails.env: '}
                  browsers drop a file name that starts with a dot. Rename it to .env, or load it with your tool’s env-file option.
                </Text>
              )}
              {downloaded && inWindow() && (
                <Text size="xs" c="dimmed">
                  Saved.
                </Text>
              )}
              {copyError && (
                <Text c="red" size="sm">
                  {copyError}
                </Text>
              )}
            </Group>
          </Paper>

          {issued.kind === 'rotated' && issued.previousExpiresAt && <OldSecretNote issued={issued} />}

          <div>
            <Text fw={600} size="sm" mb={6}>
              Make your first call
            </Text>
            <SecretSnippet keyItem={issued.key} secret={issued.secret} apiURL={apiURL} />
          </div>

          {confirming && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alertdialog" aria-label="Close without saving?">
              You have not copied or downloaded this key. Once this window closes it cannot be shown again. Close anyway?
              <Group mt="sm" gap="sm">
                <Button size="xs" color="red" onClick={() => {
                    onDone()
                    thenGo.go?.()
                  }}
                >
                  Close without saving
                </Button>
                <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
                  Go back
                </Button>
              </Group>
            </Alert>
          )}

          <Group justify="space-between">
            <Button variant="subtle" leftSection={<IconBook size={18} />} onClick={() => close(() => navigate('docs'))}>
              View Documentation
            </Button>
            <Button size="md" color="teal" leftSection={<IconCheck size={18} />} onClick={() => close()}>
              I've saved my key
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

/** What happens to the secret a rotation replaced, as the platform answered. */
function OldSecretNote({ issued }: { issued: IssuedSecret }) {
  if (issued.grace === 'now') {
    return (
      <Text size="sm" c="red">
        The old secret stopped working when you rotated: requests with it are refused with “key_revoked”.
      </Text>
    )
  }
  const label = GRACE_CHOICES.find((g) => g.value === issued.grace)?.label
  return (
    <Text size="sm">
      The old secret keeps working{label ? ` for ${label}` : ''}, until {formatDateTime(issued.previousExpiresAt)}, so
      you can deploy the new one without downtime.
    </Text>
  )
}
