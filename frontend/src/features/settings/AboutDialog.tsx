// The About dialog: product name, version and commit of this build. It opens
// on the native menu's Help → About (the Go event "menu:about") and from
// inside the UI through openAbout() (Settings, the command palette), so the
// browser mode, which has no native menu, reaches it too.
import { Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import { getAbout, MENU_ABOUT_EVENT, type AboutInfo } from './about'
import { ApiError } from '../../api/errors'
import { on } from '../../api/transport'
import { CopyButton } from '../../shared/CopyButton'
import { LogoMark } from '../../shared/Logo'
import { ErrorAlert } from '../../shared/ErrorMessage'

const OPEN_EVENT = 'pm:open-about'

/** Opens the About dialog from anywhere in the UI. */
export function openAbout() {
  window.dispatchEvent(new Event(OPEN_EVENT))
}

/** One line naming the build, for bug reports. */
export function aboutLine(a: AboutInfo): string {
  return `penguinmails-console ${a.version} (commit ${a.commit}, ${a.go_version}, ${a.platform})`
}

export default function AboutDialog() {
  const [opened, setOpened] = useState(false)
  const [info, setInfo] = useState<AboutInfo | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  const open = useCallback(() => {
    setOpened(true)
    setError(null)
    getAbout().then(setInfo, (e) => setError(ApiError.from(e)))
  }, [])

  useEffect(() => {
    const off = on(MENU_ABOUT_EVENT, open)
    window.addEventListener(OPEN_EVENT, open)
    return () => {
      off()
      window.removeEventListener(OPEN_EVENT, open)
    }
  }, [open])

  return (
    <Modal opened={opened} onClose={() => setOpened(false)} title="About" centered size="md">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <LogoMark size={40} />
          <div>
            <Text fw={600}>PenguinMails Developer Console</Text>
            <Text size="sm" c="dimmed">
              API keys, usage, docs and tester for PenguinMails
            </Text>
          </div>
        </Group>
        {error && (
          <ErrorAlert title="Could not read the build information">
            {error.message}
          </ErrorAlert>
        )}
        {!info && !error && <Loader size="sm" type="dots" />}
        {info && (
          <>
            <Table variant="vertical" withTableBorder data-testid="about-table">
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={120}>Version</Table.Th>
                  <Table.Td data-testid="about-version">{info.version}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Commit</Table.Th>
                  <Table.Td ff="monospace" data-testid="about-commit">
                    {info.commit}
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Built with</Table.Th>
                  <Table.Td>
                    {info.go_version} · {info.platform}
                  </Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Group justify="flex-end">
              <CopyButton value={aboutLine(info)}>
                {({ copied, copy }) => (
                  <Button
                    variant="light"
                    size="xs"
                    leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    onClick={copy}
                  >
                    {copied ? 'Copied' : 'Copy version'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  )
}
