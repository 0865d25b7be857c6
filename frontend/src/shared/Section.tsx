// A titled card holding one part of a screen: the title, a line that says what
// it is, optionally an icon before them and actions on the right, then the
// part itself (its children are spaced as a stack).
import { Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export interface SectionProps {
  title: string
  description?: string
  icon?: ReactNode
  actions?: ReactNode
  children: ReactNode
}

export default function Section({ title, description, icon, actions, children }: SectionProps) {
  return (
    <Card>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            {icon && (
              <ThemeIcon variant="light" size={36} radius="md">
                {icon}
              </ThemeIcon>
            )}
            <div>
              {/* beside an icon the title is a size smaller, so the two line up */}
              <Title order={3} size={icon ? 'h4' : undefined}>
                {title}
              </Title>
              {description && (
                <Text size="sm" c="dimmed">
                  {description}
                </Text>
              )}
            </div>
          </Group>
          {actions}
        </Group>
        {children}
      </Stack>
    </Card>
  )
}
