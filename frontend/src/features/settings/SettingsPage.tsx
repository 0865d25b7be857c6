// Settings: the connection, who is signed in (and signing out), the theme, where
// the console keeps its data, the log level, and the jobs' own settings.
import {
  ActionIcon,
  Avatar,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Switch,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Tooltip,
  useMantineColorScheme,
} from '@mantine/core'
import { openAbout } from './AboutDialog'
import { CopyButton } from '../../shared/CopyButton'
import { notifications } from '@mantine/notifications'
import { IconAlertCircle, IconCheck, IconCopy, IconDeviceDesktop, IconInfoCircle, IconLogout, IconMoon, IconSun } from '@tabler/icons-react'
import { useEffect, useState, type ReactNode } from 'react'
import { ApiError } from '../../api/errors'
import { signOut } from '../session/queries'
import { getSettings, normaliseLogLevel, setClearClipboard, setLogLevel, setTheme, type LogLevel, type SettingsView, type ThemeChoice } from './queries'
import { initials } from '../shell/ConnectionBar'
import JobSettings from '../alerts-jobs/JobSettings'
import PageHeader from '../../shared/PageHeader'
import { capitalise } from '../usage/RateLimitIndicator'
import { useCurrentSession } from '../session/useSession'
import { formatDateTime } from '../../lib/format'
import Section from '../../shared/Section'
import { ErrorAlert } from '../../shared/ErrorMessage'

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3} mb={2}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  )
}

function CopyIcon({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={label}>
            {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  )
}

const MODE_LABEL: Record<string, string> = { window: 'Desktop window', serve: 'Browser (serve mode)' }

const fail = (title: string, e: unknown) =>
  notifications.show({ color: 'red', title, message: ApiError.from(e).message, icon: <IconAlertCircle size={18} /> })

export default function SettingsPage() {
  const session = useCurrentSession()
  const { setColorScheme } = useMantineColorScheme()
  const [view, setView] = useState<SettingsView | null>(null)
  const [loadError, setLoadError] = useState<ApiError | null>(null)
  const [signingOut, setSigningOut] = useState(false)

  useEffect(() => {
    getSettings().then(setView, (e) => setLoadError(ApiError.from(e)))
  }, [])

  const changeTheme = async (t: ThemeChoice) => {
    setColorScheme(t)
    try {
      setView(await setTheme(t))
    } catch (e) {
      fail('Theme not saved', e)
    }
  }

  const changeLogLevel = async (l: LogLevel) => {
    try {
      setView(await setLogLevel(l))
      notifications.show({ color: 'teal', title: 'Log level changed', message: `The console now logs at "${l}" and above.` })
    } catch (e) {
      fail('Log level not changed', e)
    }
  }

  const changeClearClipboard = async (on: boolean) => {
    try {
      setView(await setClearClipboard(on))
    } catch (e) {
      fail('Clipboard setting not saved', e)
    }
  }

  const doSignOut = async () => {
    setSigningOut(true)
    try {
      await signOut()
    } catch (e) {
      fail('Sign-out failed', e)
      setSigningOut(false)
    }
  }

  const u = session.user

  return (
    <Stack gap="lg">
      <PageHeader title="Settings" description="Connection, account, appearance and where the console keeps its data." />

      {loadError && (
        <ErrorAlert title="Could not read the settings">
          {loadError.message}
        </ErrorAlert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title="Connection" description="The PenguinMails platform this console talks to.">
          <SimpleGrid cols={2} spacing="md">
            <Field label="Platform">
              <Badge variant="light" color={session.embedded ? 'grape' : 'brand'}>
                {session.embedded ? 'Embedded sandbox' : 'Remote'}
              </Badge>
            </Field>
            <Field label="Status">
              <Badge variant="dot" color={session.online ? 'teal' : 'red'}>
                {session.online ? 'Online' : 'Offline'}
              </Badge>
            </Field>
          </SimpleGrid>
          <Field label="Platform URL">
            <Group gap={4} wrap="nowrap">
              <Text size="sm" ff="monospace" truncate data-testid="settings-api-url">
                {session.api_url}
              </Text>
              <CopyIcon value={session.api_url} label="Copy platform URL" />
            </Group>
          </Field>
          {view && <Field label="Running as">{MODE_LABEL[view.mode] ?? (view.mode || '—')}</Field>}
          {session.embedded && (
            <Text size="xs" c="dimmed">
              Started without --api-url: the console runs its own PenguinMails platform with demo data. Start it with
              --api-url to manage a real deployment.
            </Text>
          )}
          {session.demo && (
            <Field label="Demo sign-ins">
              <Group gap={4} wrap="nowrap">
                <Text size="sm">
                  {session.demo.users.map((u) => u.email).join(', ')} — password{' '}
                  <Text component="span" ff="monospace" size="sm" data-testid="settings-demo-password">
                    {session.demo.password}
                  </Text>
                </Text>
                <CopyIcon value={session.demo.password} label="Copy demo password" />
              </Group>
            </Field>
          )}
        </Section>

        <Section title="Account" description="Who is signed in, and for how long.">
          {u && (
            <Group gap="md" wrap="nowrap">
              <Avatar size={44} radius="xl" color="brand">
                {initials(u.name, u.email)}
              </Avatar>
              <div style={{ minWidth: 0 }}>
                <Group gap={8}>
                  <Text fw={600} data-testid="settings-user-name">
                    {u.name || u.email}
                  </Text>
                  <Badge variant="light" size="sm" data-testid="settings-user-role">
                    {capitalise(u.role)}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" truncate>
                  {u.email}
                </Text>
              </div>
            </Group>
          )}
          <SimpleGrid cols={2} spacing="md">
            <Field label="Tenant">
              {session.tenant ? `${session.tenant.name} · ${capitalise(session.tenant.plan)} plan` : '—'}
            </Field>
            <Field label="Session expires">{formatDateTime(session.expires_at)}</Field>
          </SimpleGrid>
          <Group>
            <Button
              variant="light"
              color="red"
              leftSection={<IconLogout size={16} />}
              loading={signingOut}
              onClick={doSignOut}
            >
              Sign out
            </Button>
          </Group>
        </Section>

        <Section title="Appearance" description="Auto follows your operating system.">
          {view ? (
            <SegmentedControl
              aria-label="Theme"
              value={view.theme}
              onChange={(v) => void changeTheme(v as ThemeChoice)}
              data={[
                { value: 'light', label: <ThemeLabel icon={<IconSun size={16} />} text="Light" /> },
                { value: 'dark', label: <ThemeLabel icon={<IconMoon size={16} />} text="Dark" /> },
                { value: 'auto', label: <ThemeLabel icon={<IconDeviceDesktop size={16} />} text="Auto" /> },
              ]}
            />
          ) : (
            <Skeleton h={36} />
          )}
        </Section>

        <Section title="Clipboard" description="A copied API key secret is removed from the clipboard after a minute, unless you copied something else since.">
          {view ? (
            <Switch
              label="Clear a copied secret after 60 seconds"
              checked={view.clear_clipboard !== false}
              onChange={(e) => void changeClearClipboard(e.currentTarget.checked)}
            />
          ) : (
            <Skeleton h={24} />
          )}
        </Section>

        <Section title="Logging" description="Logs go to a JSON file in the data directory and to the terminal.">
          {view ? (
            <Select
              label="Log level"
              allowDeselect={false}
              value={normaliseLogLevel(view.log_level)}
              onChange={(v) => v && void changeLogLevel(v as LogLevel)}
              data={[
                { value: 'debug', label: 'Debug — everything, for troubleshooting' },
                { value: 'info', label: 'Info — normal operation' },
                { value: 'warn', label: 'Warn — problems worth a look' },
                { value: 'error', label: 'Error — failures only' },
              ]}
              maw={360}
            />
          ) : (
            <Skeleton h={60} />
          )}
        </Section>

        <Section
          title="Data directory"
          description="The console's encrypted store (session, usage snapshots, docs, history) and its logs. API key secrets are never written here."
        >
          {view ? (
            <TextInput
              aria-label="Data directory"
              readOnly
              value={view.data_dir}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="settings-data-dir"
              rightSection={<CopyIcon value={view.data_dir} label="Copy data directory path" />}
            />
          ) : (
            <Skeleton h={36} />
          )}
        </Section>
      </SimpleGrid>

      <Section title="Jobs & alerts" description="Reminders, usage snapshots, alert thresholds and schedules.">
        <JobSettings />
      </Section>

      <Group>
        <Button variant="subtle" leftSection={<IconInfoCircle size={16} />} onClick={openAbout}>
          About PenguinMails Developer Console
        </Button>
      </Group>
    </Stack>
  )
}

function ThemeLabel({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <Group gap={6} wrap="nowrap" px={4}>
      {icon}
      <span>{text}</span>
    </Group>
  )
}
