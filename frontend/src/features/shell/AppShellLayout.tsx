// The frame of every signed-in screen: the sidebar with the six areas, and
// the connection bar across the top.
import { AppShell, Burger, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconBell,
  IconBook2,
  IconBuilding,
  IconChartBar,
  IconKey,
  IconLayoutDashboard,
  IconListSearch,
  IconSettings,
} from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { SessionState } from '../session/queries'
import { useNav, type Page } from '../../nav'
import AlertToasts from '../alerts-jobs/AlertToasts'
import ConnectionBar from './ConnectionBar'
import Logo from '../../shared/Logo'
import { capitalise } from '../usage/RateLimitIndicator'

export const NAV_ITEMS: { page: Page; label: string; icon: ReactNode }[] = [
  { page: 'overview', label: 'Overview', icon: <IconLayoutDashboard size={18} stroke={1.7} /> },
  { page: 'keys', label: 'API Keys', icon: <IconKey size={18} stroke={1.7} /> },
  { page: 'docs', label: 'Docs & Tester', icon: <IconBook2 size={18} stroke={1.7} /> },
  { page: 'usage', label: 'Usage', icon: <IconChartBar size={18} stroke={1.7} /> },
  { page: 'logs', label: 'Logs', icon: <IconListSearch size={18} stroke={1.7} /> },
  { page: 'alerts', label: 'Alerts & Jobs', icon: <IconBell size={18} stroke={1.7} /> },
  { page: 'settings', label: 'Settings', icon: <IconSettings size={18} stroke={1.7} /> },
]

export interface AppShellLayoutProps {
  state: SessionState
  backendDown?: boolean
  onSignOut?: () => void
  children: ReactNode
}

export default function AppShellLayout({ state, backendDown, onSignOut, children }: AppShellLayoutProps) {
  const { page, navigate } = useNav()
  const [opened, { toggle, close }] = useDisclosure(false)

  return (
    <AppShell
      layout="alt"
      header={{ height: 56 }}
      navbar={{ width: 244, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header px="lg">
        <Group h="100%" wrap="nowrap" gap="sm">
          <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
          <div style={{ flex: 1, minWidth: 0, height: '100%' }}>
            <ConnectionBar state={state} backendDown={backendDown} onSignOut={onSignOut} />
          </div>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="md">
        <AppShell.Section>
          <Group justify="space-between" mb="lg" px={4} h={24}>
            <Logo />
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Close navigation" />
          </Group>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <nav aria-label="Main">
            <Stack gap={2}>
              {NAV_ITEMS.map((item) => (
                <NavLink
                  key={item.page}
                  component="button"
                  type="button"
                  label={item.label}
                  leftSection={item.icon}
                  active={page === item.page}
                  aria-current={page === item.page ? 'page' : undefined}
                  onClick={() => {
                    navigate(item.page)
                    close()
                  }}
                  variant="light"
                  styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontWeight: 500 } }}
                />
              ))}
            </Stack>
          </nav>
        </AppShell.Section>
        {state.tenant && (
          <AppShell.Section>
            <Group
              gap="sm"
              wrap="nowrap"
              p="sm"
              style={{ borderRadius: 'var(--mantine-radius-md)', background: 'var(--mantine-color-default-hover)' }}
            >
              <IconBuilding size={18} color="var(--mantine-color-dimmed)" />
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="sm" fw={600} truncate>
                  {state.tenant.name}
                </Text>
                <Text size="xs" c="dimmed" truncate>
                  {capitalise(state.tenant.plan)} plan
                </Text>
              </div>
            </Group>
          </AppShell.Section>
        )}
      </AppShell.Navbar>

      <AppShell.Main>
        <AlertToasts />
        <div style={{ maxWidth: 1200, margin: '0 auto', padding: 'var(--mantine-spacing-xl)' }}>{children}</div>
      </AppShell.Main>
    </AppShell>
  )
}
