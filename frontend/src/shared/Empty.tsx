// What a list says when there is nothing in it yet, and why.
import { Text } from '@mantine/core'
import type { ReactNode } from 'react'

export default function Empty({ children, py = 'lg' }: { children: ReactNode; py?: string }) {
  return (
    <Text size="sm" c="dimmed" ta="center" py={py}>
      {children}
    </Text>
  )
}
