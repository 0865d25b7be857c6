// An HTTP method as a coloured tag, the way API references show them.
import { Badge, type BadgeProps } from '@mantine/core'

const colors: Record<string, string> = {
  GET: 'teal',
  POST: 'brand',
  PUT: 'orange',
  PATCH: 'yellow',
  DELETE: 'red',
}

export default function MethodBadge({ method, ...rest }: { method: string } & BadgeProps) {
  const m = method.toUpperCase()
  return (
    <Badge
      color={colors[m] ?? 'gray'}
      variant="light"
      radius="sm"
      size="sm"
      w={rest.w ?? 58}
      styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)', overflow: 'visible' } }}
      {...rest}
    >
      {m === 'DELETE' ? 'DEL' : m}
    </Badge>
  )
}
