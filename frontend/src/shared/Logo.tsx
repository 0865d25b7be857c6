// The PenguinMails mark: a penguin-ish envelope on the brand colour, drawn in
// SVG so it is crisp at every size and needs no asset.
import { Group, Text } from '@mantine/core'

export function LogoMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="PenguinMails">
      <defs>
        <linearGradient id="pm-grad" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#38bdf8" />
          <stop offset="1" stopColor="#0284c7" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#pm-grad)" />
      {/* the body: an envelope whose flap forms the penguin's white front */}
      <rect x="7" y="10" width="18" height="13" rx="2.5" fill="#0c4a6e" />
      <path d="M7.8 11.2 16 17.4l8.2-6.2v9.3a1.5 1.5 0 0 1-1.5 1.5H9.3a1.5 1.5 0 0 1-1.5-1.5z" fill="#fff" />
      <circle cx="13.4" cy="13.4" r="1" fill="#fff" />
      <circle cx="18.6" cy="13.4" r="1" fill="#fff" />
      <path d="M15 15.2h2l-1 1.1z" fill="#fbbf24" />
    </svg>
  )
}

export default function Logo() {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark />
      <div>
        <Text fw={700} size="md" lh={1.1}>
          PenguinMails
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          Developer Console
        </Text>
      </div>
    </Group>
  )
}
