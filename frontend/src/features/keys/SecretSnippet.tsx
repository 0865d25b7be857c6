// A ready first call with the new key, in the shared CodeSnippet (cURL first).
// Should the snippet generator fail in this runtime, a plain cURL command is
// shown instead, so the success view always gives a call that works.
import { useMemo } from 'react'
import { Box, Button } from '@mantine/core'
import { CopyButton } from '../../shared/CopyButton'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import CodeSnippet, { codeBlockStyle } from '../../shared/CodeSnippet'
import type { Key } from '../../api/types.gen'
import { generateSnippets } from '../../lib/snippets'
import { FIRST_CALL_NEEDS, curlFor, firstCallFor } from './snippetRequest'
import { useGrants } from './rules'

export function SecretSnippet({ keyItem, secret, apiURL }: { keyItem: Key; secret: string; apiURL: string }) {
  // Which first call fits the key is Go's answer (full_access grants
  // everything); the snippet waits for it rather than show a call that fails.
  const granted = useGrants(keyItem.permissions, [...FIRST_CALL_NEEDS])
  const req = useMemo(() => firstCallFor(granted ?? [], apiURL, secret), [granted?.join(','), apiURL, secret])
  const generatorWorks = useMemo(() => {
    try {
      return !!generateSnippets(req, ['curl']).curl
    } catch {
      return false
    }
  }, [req])
  if (!granted) return null
  if (generatorWorks) return <CodeSnippet request={req} secret={secret} />
  const text = curlFor(req)
  return (
    <Box pos="relative">
      <Box
        component="pre"
        data-testid="snippet-curl"
        m={0}
        p="sm"
        style={{ ...codeBlockStyle, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {text}
      </Box>
      <Box pos="absolute" top={6} right={6}>
        <CopyButton value={text} timeout={1500} secret>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />} onClick={copy} aria-label="Copy cURL snippet">
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Box>
    </Box>
  )
}
