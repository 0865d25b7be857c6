// Why a part of a screen could not be loaded, in the platform's words
// (SPEC §2.1): a line of text inside a section, or a banner with a title.
import { Alert, Text, type AlertProps } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import type { ApiError } from '../api/errors'

/** One line, inside a section that already says what failed to load. */
export function LoadError({ error }: { error: ApiError }) {
  return (
    <Text c="red" size="sm" role="alert">
      {error.message}
    </Text>
  )
}

/** A red banner: what could not be done (title) and why (children). */
export function ErrorAlert({ children, ...props }: AlertProps) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} {...props}>
      {children}
    </Alert>
  )
}
