// The key details' security recommendations, each with its fix button
// (only for someone who may change the key).
import { Alert, Button, Group, List, Text } from '@mantine/core'
import { IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react'
import type { Key } from '../../api/types.gen'
import { securityRecommendations, type RecommendationFix } from './recommendations'

export function SecurityRecommendations({ keyItem, now, onFix }: { keyItem: Key; now: number; onFix?: (fix: RecommendationFix) => void }) {
  const recs = securityRecommendations(keyItem, now)
  if (keyItem.status !== 'active') return null
  if (recs.length === 0) {
    return (
      <Group gap={6} data-testid="security-recommendations">
        <IconShieldCheck size={16} color="var(--mantine-color-teal-6)" />
        <Text size="sm" c="dimmed">
          No security recommendations for this key.
        </Text>
      </Group>
    )
  }
  return (
    <Alert color="yellow" variant="light" icon={<IconShieldExclamation size={18} />} title="Security recommendations" data-testid="security-recommendations">
      <List spacing={6} size="sm">
        {recs.map((r) => (
          <List.Item key={r.id} data-rec={r.id}>
            <Group gap="sm" wrap="wrap">
              <Text size="sm">{r.text}</Text>
              {onFix && (
                <Button size="compact-xs" variant="light" color={r.fix === 'revoke' ? 'red' : undefined} onClick={() => onFix(r.fix)}>
                  {r.fixLabel}
                </Button>
              )}
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}
