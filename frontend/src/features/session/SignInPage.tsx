// Sign-in to a remote platform (with the embedded one the console signs in by
// itself, and after a sign-out lists the sandbox's demo sign-ins here). A
// failure shows the platform's own words, e.g. "Invalid email or password".
import { Alert, Badge, Button, Center, Code, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { IconAlertCircle, IconClockExclamation, IconCloud, IconServer2 } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/errors'
import { signIn, type SessionState } from './queries'
import { LogoMark } from '../../shared/Logo'

export interface SignInPageProps {
  state?: Pick<SessionState, 'api_url' | 'embedded' | 'online' | 'demo' | 'expired'> | null
  onSignedIn?: (s: SessionState) => void
}

export default function SignInPage({ state, onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const s = await signIn(email.trim(), password)
      onSignedIn?.(s)
    } catch (err) {
      setError(ApiError.from(err))
    } finally {
      setBusy(false)
    }
  }

  // Field-level problems go under their field; anything else above the form.
  const fieldErr = (f: string) => error?.fields[f]
  const formErr = error && !fieldErr('email') && !fieldErr('password') ? error.message : null

  return (
    <Center
      component="main"
      mih="100vh"
      p="md"
      style={{
        background:
          'radial-gradient(1200px 600px at 50% -10%, light-dark(var(--mantine-color-brand-1), rgba(14,165,233,0.16)), transparent 70%), var(--mantine-color-body)',
      }}
    >
      <Stack w="100%" maw={400} gap="lg">
        <Stack align="center" gap={8}>
          <LogoMark size={44} />
          <Title order={1} fz="h2" ta="center">
            Sign in to PenguinMails
          </Title>
          <Text c="dimmed" size="sm" ta="center">
            Developer Console — API keys, docs and usage
          </Text>
        </Stack>

        <Paper withBorder shadow="sm" p="xl" radius="lg">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {state?.expired && !error && (
                <Alert color="orange" variant="light" icon={<IconClockExclamation size={18} />} data-testid="session-expired">
                  Your session expired. Sign in again.
                </Alert>
              )}
              {formErr && (
                <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" data-testid="signin-error">
                  {formErr}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                placeholder="you@company.com"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={fieldErr('email')}
                autoFocus
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={fieldErr('password')}
                // Mantine's default "Toggle password visibility" would make a
                // second element labelled "Password" for assistive tech and tests.
                visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the typed characters' }}
              />
              <Button type="submit" loading={busy} fullWidth mt="xs">
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>

        {state?.demo && (
          <Paper withBorder p="md" radius="lg" data-testid="demo-signins">
            <Text size="sm" fw={600} mb={4}>
              Demo sign-ins of the embedded sandbox
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              Password for all three: <Code>{state.demo.password}</Code>
            </Text>
            <Stack gap={6}>
              {state.demo.users.map((u) => (
                <Group key={u.email} justify="space-between" wrap="nowrap">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
                    <Badge size="xs" variant="light" w={78} style={{ flexShrink: 0 }}>
                      {u.role}
                    </Badge>
                    <Text size="xs" ff="monospace" truncate>
                      {u.email}
                    </Text>
                  </Group>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    style={{ flexShrink: 0 }}
                    onClick={() => {
                      setEmail(u.email)
                      setPassword(state.demo!.password)
                    }}
                  >
                    Use
                  </Button>
                </Group>
              ))}
            </Stack>
          </Paper>
        )}

        {state && (
          <Group justify="center" gap={6} wrap="nowrap">
            {state.embedded ? <IconServer2 size={14} /> : <IconCloud size={14} />}
            <Text size="xs" c="dimmed" truncate>
              {state.embedded ? 'Embedded sandbox' : 'Platform'}{' '}
              <Text component="span" size="xs" ff="monospace" c="dimmed">
                {state.api_url}
              </Text>
            </Text>
            <Badge size="xs" variant="dot" color={state.online ? 'teal' : 'red'}>
              {state.online ? 'Online' : 'Offline'}
            </Badge>
          </Group>
        )}
      </Stack>
    </Center>
  )
}
