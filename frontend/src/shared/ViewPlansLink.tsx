// "View plans →": the platform's plans page, in the system browser.
import { Anchor } from '@mantine/core'
import { openExternal, upgradeURL } from '../lib/upgrade'

export function ViewPlansLink({ url, size = 'sm' }: { url?: string; size?: string }) {
  const href = url || upgradeURL()
  return (
    <Anchor
      href={href}
      size={size}
      fw={600}
      data-testid="view-plans"
      onClick={(e) => {
        e.preventDefault()
        openExternal(href)
      }}
    >
      View plans →
    </Anchor>
  )
}
