// "Rotate Key": lists the previous secrets that still work, asks how long
// the current secret should keep working (the grace), says exactly what
// will happen, then hands the new secret to the success view.
import { useState } from 'react'
import { Alert, Code, Radio, Stack, Table, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { Grace, Key, RotateKeyResponse } from '../../api/types.gen'
import { MAX_LIVE_PREVIOUS_SECRETS } from '../../api/types.gen'
import { ConfirmKeyDialog, KeyName } from './ConfirmKeyDialog'
import { rotateKey } from './queries'
import { formatDateTime, formatDuration, formatNumber, relativeTime } from '../../lib/format'
import { DEFAULT_GRACE, GRACE_CHOICES, atPreviousCap, livePreviousSecrets } from './rotation'
import { useNow } from '../../shared/useNow'

export interface RotateDialogProps {
  keyItem: Key | null
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  onRotated: (res: RotateKeyResponse, grace: Grace) => void
  onClose: () => void
  /** A fixed clock for tests. */
  now?: number
}

export function RotateDialog({ keyItem, ...rest }: RotateDialogProps) {
  // A fresh body per key, so the choice starts from that key's situation.
  return <RotateDialogBody key={keyItem?.key_id ?? 'closed'} keyItem={keyItem} {...rest} />
}

function RotateDialogBody({ keyItem, withSudo, onRotated, onClose, now: fixedNow }: RotateDialogProps) {
  const tick = useNow(30_000, keyItem !== null && fixedNow === undefined)
  const now = fixedNow ?? tick
  const live = livePreviousSecrets(keyItem?.rotation ?? null, now)
  const capped = atPreviousCap(live)
  // At the cap only "Now" is possible, and it must be chosen on purpose.
  const [grace, setGrace] = useState<Grace | null>(capped ? null : DEFAULT_GRACE)
  const choice = GRACE_CHOICES.find((g) => g.value === grace)
  const nextEnd = live.reduce((m, p) => Math.min(m, new Date(p.expires_at).getTime()), Infinity)

  return (
    <ConfirmKeyDialog
      opened={keyItem !== null}
      title="Rotate API key"
      confirmLabel="Rotate Key"
      color={grace === 'now' ? 'red' : 'orange'}
      confirmDisabled={grace === null}
      onClose={onClose}
      onConfirm={async () => {
        if (!keyItem || grace === null) return
        const res = await withSudo(() => rotateKey(keyItem.key_id, grace))
        onRotated(res, grace)
      }}
    >
      <Text size="sm">
        Rotate <KeyName>{keyItem?.name}</KeyName> (<Code>{keyItem?.masked_key}</Code>)? A new secret is issued now and
        shown once.
      </Text>

      {live.length > 0 && (
        <Stack gap={4} data-testid="live-previous-secrets">
          <Text size="sm" fw={600}>
            {live.length === 1 ? '1 previous secret still works' : `${live.length} previous secrets still work`} (at most{' '}
            {MAX_LIVE_PREVIOUS_SECRETS})
          </Text>
          <Table withTableBorder fz="xs" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Secret</Table.Th>
                <Table.Th>Requests since rotation</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Stops working</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.map((p) => (
                <Table.Tr key={p.masked_key + p.rotated_at}>
                  <Table.Td>
                    <Code>{p.masked_key}</Code>
                  </Table.Td>
                  <Table.Td>{formatNumber(p.requests_since_rotation)}</Table.Td>
                  <Table.Td>{relativeTime(p.last_used, now)}</Table.Td>
                  <Table.Td>
                    {formatDateTime(p.expires_at)} (in {formatDuration(new Date(p.expires_at).getTime() - now)})
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            Each keeps its own deadline; this rotation does not change them.
          </Text>
        </Stack>
      )}

      {capped && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="previous-cap">
          This key already has {MAX_LIVE_PREVIOUS_SECRETS} previous secrets that still work, the most a key may hold. Wait
          until the next one stops working ({formatDateTime(new Date(nextEnd).toISOString())}), or choose Now.
        </Alert>
      )}

      <Radio.Group
        label="How long should the current secret keep working?"
        value={grace}
        onChange={(v) => setGrace(v as Grace)}
      >
        <Stack gap={6} mt={6}>
          {GRACE_CHOICES.map((g) => (
            <Radio
              key={g.value}
              value={g.value}
              disabled={capped && g.value !== 'now'}
              label={g.value === DEFAULT_GRACE ? `${g.label} (default)` : g.label}
              description={
                g.value === 'now' ? 'For a key that leaked: the current secret stops working at once.' : undefined
              }
            />
          ))}
        </Stack>
      </Radio.Group>

      {choice && keyItem && (
        <Text size="sm" c={grace === 'now' ? 'red' : 'dimmed'} data-testid="rotate-outcome">
          {grace === 'now' ? (
            <>
              The current secret <Code>{keyItem.masked_key}</Code> stops working as soon as you confirm: every request
              with it is refused with “key_revoked”. Update your applications right away.
            </>
          ) : (
            <>
              The current secret <Code>{keyItem.masked_key}</Code> keeps working for {choice.label}, until about{' '}
              {formatDateTime(new Date(now + choice.ms).toISOString())}, so you can deploy the new one; after that it is
              refused with “key_revoked”.
            </>
          )}
        </Text>
      )}
    </ConfirmKeyDialog>
  )
}
