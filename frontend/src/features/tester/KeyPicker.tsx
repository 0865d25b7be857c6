// Which key the request carries: one of your keys (shown masked; its
// secret pasted once per session, or remembered from the create-key success
// view), or any pasted key. Secrets live only in the in-memory vault.
import { Anchor, Badge, Button, Group, PasswordInput, Select, Stack, Text } from '@mantine/core'
import { IconKey } from '@tabler/icons-react'
import { useEffect, useState, useSyncExternalStore } from 'react'
import { forgetSecret, getSecret, onVaultChange, rememberSecret } from '../session/secretVault'
import type { Key } from '../../api/types.gen'
import { CHECK_DELAY_MS, identifyKey } from '../keys/rules'

export interface KeyChoice {
  keyId: string | null // one of your keys, or null for a pasted key
  pasted: string
}

const PASTE = '__paste__'
let vaultVersion = 0
onVaultChange(() => vaultVersion++)
const useVault = () => useSyncExternalStore(onVaultChange, () => vaultVersion)

/** The secret the request will carry, if the console has it. */
export function secretFor(choice: KeyChoice): string {
  return choice.keyId ? (getSecret(choice.keyId) ?? '') : choice.pasted.trim()
}

const statusColor: Record<string, string> = { active: 'teal', revoked: 'red', expired: 'gray' }

export default function KeyPicker({
  keys,
  value,
  onChange,
  loading,
}: {
  keys: Key[]
  value: KeyChoice
  onChange: (c: KeyChoice) => void
  loading?: boolean
}) {
  useVault()
  const selected = value.keyId ? keys.find((k) => k.key_id === value.keyId) : undefined
  const secret = value.keyId ? getSecret(value.keyId) : undefined
  const [entry, setEntry] = useState('')
  const [entryError, setEntryError] = useState<string | null>(null)
  useEffect(() => {
    setEntry('')
    setEntryError(null)
  }, [value.keyId])

  const data = [
    {
      group: 'Your keys',
      items: keys.map((k) => ({
        value: k.key_id,
        label: `${k.name} · ${k.masked_key}${k.status !== 'active' ? ` (${k.status})` : ''}`,
      })),
    },
    { group: 'Other', items: [{ value: PASTE, label: 'Paste any key…' }] },
  ]

  // Go says which key a secret belongs to (app Keys.Identify: the masked
  // form against your keys, fetched fresh); the secret is not kept there.
  const acceptSecret = async () => {
    const s = entry.trim()
    if (!selected) return
    try {
      const id = await identifyKey(s)
      if (id.problem) setEntryError(id.problem)
      else if (id.key_id !== selected.key_id) setEntryError(`This is not the secret of “${selected.name}” (${selected.masked_key})`)
      else rememberSecret(selected.key_id, s)
    } catch (e) {
      setEntryError((e as Error).message)
    }
  }

  // A pasted secret of one of your keys becomes that key (so the warnings
  // can check it), remembered for the session. Asked once typing pauses.
  const pasted = value.keyId ? '' : value.pasted.trim()
  useEffect(() => {
    if (!pasted) return
    let live = true
    const t = setTimeout(() => {
      identifyKey(pasted)
        .then((id) => {
          if (!live || !id.key_id) return
          rememberSecret(id.key_id, pasted)
          onChange({ keyId: id.key_id, pasted: '' })
        })
        .catch(() => {})
    }, CHECK_DELAY_MS)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [pasted])

  const onPaste = (s: string) => onChange({ keyId: null, pasted: s })

  return (
    <Stack gap={6}>
      <Select
        label="API key"
        placeholder={loading ? 'Loading your keys…' : 'Choose a key'}
        leftSection={<IconKey size={15} />}
        data={data}
        value={value.keyId ?? PASTE}
        onChange={(v) => onChange(v === PASTE || !v ? { keyId: null, pasted: '' } : { keyId: v, pasted: '' })}
        searchable
        allowDeselect={false}
        nothingFoundMessage="No key matches"
        comboboxProps={{ withinPortal: true }}
        data-testid="key-picker"
      />
      {selected && secret && (
        <Group gap="xs">
          <Badge color={statusColor[selected.status] ?? 'gray'} variant="light" radius="sm">
            {selected.status}
          </Badge>
          <Text size="xs" c="dimmed">
            Secret known for this session ({selected.masked_key}).
          </Text>
          <Anchor size="xs" component="button" type="button" onClick={() => forgetSecret(selected.key_id)}>
            Forget it
          </Anchor>
        </Group>
      )}
      {selected && !secret && (
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <PasswordInput
            style={{ flex: 1 }}
            size="sm"
            placeholder={`Paste the secret of ${selected.masked_key}`}
            aria-label="Key secret"
            description="The console never stores secrets: it is kept in memory for this session only."
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={entry}
            error={entryError}
            onChange={(e) => {
              setEntry(e.currentTarget.value)
              setEntryError(null)
            }}
            onKeyDown={(e) => e.key === 'Enter' && void acceptSecret()}
          />
          <Button size="sm" variant="default" onClick={() => void acceptSecret()}>
            Use
          </Button>
        </Group>
      )}
      {!value.keyId && (
        <PasswordInput
          size="sm"
          placeholder="pm_live_… or pm_test_…"
          aria-label="Pasted key"
          description="Sent as Authorization: Bearer …; kept in memory only."
          value={value.pasted}
          onChange={(e) => onPaste(e.currentTarget.value)}
        />
      )}
    </Stack>
  )
}
