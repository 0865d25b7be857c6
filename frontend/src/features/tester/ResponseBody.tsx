// The answer's body with Copy and Find: matches are marked, Enter and
// Shift+Enter step through them, and the current one scrolls into view.
import { ActionIcon, Box, Code, Group, ScrollArea, Text, TextInput, Tooltip } from '@mantine/core'
import { IconCheck, IconChevronDown, IconChevronUp, IconCopy, IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { CopyButton } from '../../shared/CopyButton'

// Beyond this many matches the marks stop (the count stays exact).
const MAX_MARKS = 2000

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Where query occurs in text, case-insensitive: start offsets. */
export function findMatches(text: string, query: string): number[] {
  if (!query) return []
  const re = new RegExp(escapeRe(query), 'gi')
  const out: number[] = []
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m.index)
  return out
}

export default function ResponseBody({ text }: { text: string }) {
  const [query, setQuery] = useState('')
  const [current, setCurrent] = useState(0)
  const matches = useMemo(() => findMatches(text, query), [text, query])
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => setCurrent(0), [text, query])

  useEffect(() => {
    box.current?.querySelector('mark[data-current]')?.scrollIntoView({ block: 'nearest' })
  }, [current, matches])

  const step = (d: number) => matches.length && setCurrent((c) => (c + d + matches.length) % matches.length)

  const parts = useMemo(() => {
    if (!matches.length) return [text || '(empty body)']
    const out: ReactNode[] = []
    let at = 0
    matches.slice(0, MAX_MARKS).forEach((start, i) => {
      out.push(text.slice(at, start))
      out.push(
        <mark key={i} data-current={i === current ? '' : undefined} style={i === current ? { background: 'var(--mantine-color-orange-4)', color: '#000' } : { background: 'var(--mantine-color-yellow-3)', color: '#000' }}>
          {text.slice(start, start + query.length)}
        </mark>,
      )
      at = start + query.length
    })
    out.push(text.slice(at))
    return out
  }, [text, matches, current, query.length])

  return (
    <Box>
      <Group gap={6} mb={6} wrap="nowrap">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          leftSection={<IconSearch size={13} />}
          placeholder="Find in body"
          aria-label="Find in response body"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
              e.preventDefault()
              step(e.shiftKey ? -1 : 1)
            }
          }}
          rightSectionWidth={query ? 86 : undefined}
          rightSection={
            query ? (
              <Text size="xs" c="dimmed" data-testid="find-count" aria-live="polite">
                {matches.length ? `${current + 1} of ${matches.length}` : 'No match'}
              </Text>
            ) : undefined
          }
        />
        <Tooltip label="Previous match">
          <ActionIcon variant="default" size="md" aria-label="Previous match" disabled={!matches.length} onClick={() => step(-1)}>
            <IconChevronUp size={14} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Next match">
          <ActionIcon variant="default" size="md" aria-label="Next match" disabled={!matches.length} onClick={() => step(1)}>
            <IconChevronDown size={14} />
          </ActionIcon>
        </Tooltip>
        <CopyButton value={text}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy body'}>
              <ActionIcon variant="default" size="md" aria-label="Copy response body" onClick={copy} color={copied ? 'teal' : undefined}>
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <ScrollArea.Autosize mah={380} type="auto" viewportRef={box}>
        <Code block data-testid="response-body" style={{ fontSize: 12.5, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {parts}
        </Code>
      </ScrollArea.Autosize>
    </Box>
  )
}
