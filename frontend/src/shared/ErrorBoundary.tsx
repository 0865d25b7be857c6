// Keeps one screen's crash from blanking the whole console: the sidebar stays,
// the screen says what went wrong and offers to try again.
import { Alert, Button, Code, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { Component, type ErrorInfo, type ReactNode } from 'react'

interface Props {
  children: ReactNode
  /** Changing it (e.g. the page name) clears a caught error. */
  resetKey?: string
}
interface State {
  error: Error | null
  key?: string
}

export default class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey }

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error }
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('screen crashed', error, info.componentStack)
  }

  render() {
    if (!this.state.error) return this.props.children
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title="This screen ran into a problem">
        <Stack gap="sm">
          <Text size="sm">The rest of the console still works. Try again, or pick another screen.</Text>
          <Code block>{this.state.error.message}</Code>
          <div>
            <Button size="xs" variant="light" color="red" onClick={() => this.setState({ error: null })}>
              Try again
            </Button>
          </div>
        </Stack>
      </Alert>
    )
  }
}
