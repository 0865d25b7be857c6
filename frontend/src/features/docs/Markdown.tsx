// Just enough Markdown for the document's own prose (descriptions and the
// getting-started text): headings, paragraphs, lists, fenced code, inline
// `code`, **bold** and [links](…). Rendered as React elements, never as
// HTML, so a document cannot inject markup into the console.
import { Anchor, Code, List, Table, Text, Title, type MantineSize } from '@mantine/core'
import type { ReactNode } from 'react'

function inline(text: string, key = 0): ReactNode[] {
  const out: ReactNode[] = []
  const re = /(`[^`]+`|\*\*[^*]+\*\*|\[[^\]]+\]\([^)]+\))/g
  let last = 0
  let m: RegExpExecArray | null
  let i = key
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index))
    const t = m[0]
    if (t.startsWith('`')) out.push(<Code key={i++}>{t.slice(1, -1)}</Code>)
    else if (t.startsWith('**')) out.push(<b key={i++}>{t.slice(2, -2)}</b>)
    else {
      const lm = /\[([^\]]+)\]\(([^)]+)\)/.exec(t)!
      const safe = /^https?:\/\//.test(lm[2])
      out.push(
        safe ? (
          <Anchor key={i++} href={lm[2]} target="_blank" rel="noreferrer">
            {lm[1]}
          </Anchor>
        ) : (
          lm[1]
        ),
      )
    }
    last = m.index + t.length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

export default function Markdown({ text, size = 'sm' }: { text: string; size?: MantineSize }) {
  const blocks: ReactNode[] = []
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  let i = 0
  let k = 0
  while (i < lines.length) {
    const line = lines[i]
    if (line.startsWith('```')) {
      const code: string[] = []
      i++
      while (i < lines.length && !lines[i].startsWith('```')) code.push(lines[i++])
      i++
      blocks.push(
        <Code block key={k++} my="xs">
          {code.join('\n')}
        </Code>,
      )
      continue
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line)
    if (h) {
      blocks.push(
        <Title key={k++} order={Math.min(6, h[1].length + 2) as 3 | 4 | 5 | 6} mt="md" mb={4}>
          {inline(h[2])}
        </Title>,
      )
      i++
      continue
    }
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const rows: string[][] = []
      while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i])) {
        const cells = lines[i++].trim().slice(1, -1).split('|').map((c) => c.trim())
        if (!cells.every((c) => /^:?-{3,}:?$/.test(c))) rows.push(cells)
      }
      const [head, ...body] = rows
      blocks.push(
        <Table key={k++} withTableBorder verticalSpacing={6} fz={size} my="xs">
          <Table.Thead>
            <Table.Tr>
              {head.map((c, j) => (
                <Table.Th key={j} style={{ textTransform: 'capitalize' }}>
                  {inline(c)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {body.map((r, ri) => (
              <Table.Tr key={ri}>
                {r.map((c, j) => (
                  <Table.Td key={j}>{inline(c)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>,
      )
      continue
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const items: string[] = []
      const ordered = /^\s*\d+\./.test(line)
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*([-*]|\d+\.)\s+/, ''))
      blocks.push(
        <List key={k++} size={size} type={ordered ? 'ordered' : 'unordered'} my="xs" spacing={2}>
          {items.map((it, j) => (
            <List.Item key={j}>{inline(it)}</List.Item>
          ))}
        </List>,
      )
      continue
    }
    if (line.trim() === '') {
      i++
      continue
    }
    const para: string[] = []
    while (i < lines.length && lines[i].trim() !== '' && !/^(#{1,4}\s|```|\s*([-*]|\d+\.)\s|\s*\|)/.test(lines[i])) para.push(lines[i++])
    blocks.push(
      <Text key={k++} size={size} my={6} style={{ lineHeight: 1.6 }}>
        {inline(para.join(' '))}
      </Text>,
    )
  }
  return <>{blocks}</>
}

/** One line of Markdown (inline code, bold, links) inside other text. */
export function MarkdownInline({ text }: { text: string }) {
  return <>{inline(text)}</>
}
