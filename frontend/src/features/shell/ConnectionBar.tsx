// Always visible: which platform the console talks to (the embedded sandbox or
// a remote URL), whether it answers, and who is signed in with which role.
import { Avatar, Badge, Group, Menu, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { IconChevronDown, IconCloud, IconLockOpen, IconLogout, IconServer2, IconSettings } from '@tabler/icons-react'
import type { SessionState } from '../session/queries'
import { useNav } from '../../nav'
import { capitalise } from '../usage/RateLimitIndicator'

const ROLE_COLOR: Record<string, string> = { admin: 'brand', developer: 'violet', support: 'gray' }

export function initials(name: string, email: string): string {
  const src = name.trim() || email
  const parts = src.split(/[\s@._-]+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase()
}

export interface ConnectionBarProps {
  state: SessionState
  /** The browser lost its link to the console's Go side (serve mode). */
  backendDown?: boolean
  onSignOut?: () => void
}

export default function ConnectionBar({ state, backendDown, onSignOut }: ConnectionBarProps) {
  const { navigate } = useNav()
  const u = state.user
  return (
    <Group justify="space-between" wrap="nowrap" h="100%" gap="md" data-testid="connection-bar">
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
        <Tooltip label={state.embedded ? 'The PenguinMails platform running inside the console, with demo data' : 'A PenguinMails deployment'}>
          <Group gap={6} wrap="nowrap">
            {state.embedded ? <IconServer2 size={18} /> : <IconCloud size={18} />}
            <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
              {state.embedded ? 'Embedded sandbox' : 'Remote platform'}
            </Text>
          </Group>
        </Tooltip>
        <Text size="sm" c="dimmed" ff="monospace" truncate data-testid="connection-url">
          {state.api_url}
        </Text>
        <Tooltip
          label={
            state.online
              ? 'The platform answers'
              : 'The platform did not answer its last health check; the console retries and keeps showing the last data'
          }
          multiline
          w={280}
        >
          <Badge
            variant="dot"
            color={state.online ? 'teal' : 'red'}
            data-testid="connection-status"
            style={{ flexShrink: 0 }}
          >
            {state.online ? 'Online' : 'Offline'}
          </Badge>
        </Tooltip>
        {state.insecure && (
          <Tooltip
            label="The console reaches this platform over plain HTTP (--insecure-http): passwords and session tokens cross the network unencrypted"
            multiline
            w={300}
          >
            <Badge color="red" variant="light" leftSection={<IconLockOpen size={12} />} style={{ flexShrink: 0 }} data-testid="not-encrypted">
              Not encrypted
            </Badge>
          </Tooltip>
        )}
        {backendDown && (
          <Tooltip label="The page lost its connection to the console process; reconnecting" multiline w={260}>
            <Badge color="orange" variant="light" style={{ flexShrink: 0 }} data-testid="backend-down">
              Reconnecting to console…
            </Badge>
          </Tooltip>
        )}
      </Group>

      {u && (
        <Menu position="bottom-end" width={220} shadow="md">
          <Menu.Target>
            <UnstyledButton data-testid="current-user">
              {/* Named by its text (axe: the name must contain what is seen). */}
              <VisuallyHidden>Account: </VisuallyHidden>
              <Group gap="sm" wrap="nowrap">
                <Avatar size={30} radius="xl" color="brand" variant="light" aria-hidden>
                  {initials(u.name, u.email)}
                </Avatar>
                <div style={{ lineHeight: 1.15 }}>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {u.name || u.email}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} visibleFrom="lg">
                    {u.email}
                  </Text>
                </div>
                <Badge color={ROLE_COLOR[u.role] ?? 'gray'} variant="light" size="sm" style={{ flexShrink: 0, overflow: 'visible' }}>
                  {capitalise(u.role)}
                </Badge>
                <IconChevronDown size={14} color="var(--mantine-color-dimmed)" />
              </Group>
            </UnstyledButton>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{u.email}</Menu.Label>
            {state.tenant && (
              <Menu.Label>
                {state.tenant.name} · {capitalise(state.tenant.plan)} plan
              </Menu.Label>
            )}
            <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => navigate('settings')}>
              Settings
            </Menu.Item>
            {onSignOut && (
              <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={onSignOut}>
                Sign out
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  )
}
