// What a part of a screen shows while its data loads: grey placeholder rows,
// or one block the height of what is coming, where the content will be.
import { Skeleton, Stack } from '@mantine/core'

export interface LoadingProps {
  /** Rows of 36 px, as a table or list has. */
  rows?: number
  /** One block of this height instead (a card or a chart). */
  h?: number
}

export default function Loading({ rows = 3, h }: LoadingProps) {
  if (h) return <Skeleton h={h} radius="lg" />
  return (
    <Stack gap="xs">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} h={36} />
      ))}
    </Stack>
  )
}
