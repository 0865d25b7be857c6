// "Edit key": one dialog with a section each for the details, permissions,
// expiry and IP restriction of a key (expiry and the allow-list used to hide
// behind "Edit Permissions"). Only the fields that changed are sent (a PATCH); "Never" on a key that
// has an expiry sends never_expires.
import { useEffect, useMemo, useRef, useState } from 'react'
import { Button, Divider, Group, Modal, ScrollArea, Stack, Text, TextInput, Textarea } from '@mantine/core'
import type { Key, PermissionCatalog, UpdateKeyRequest } from '../../api/types.gen'
import { ApiError } from '../../api/errors'
import { PermissionMatrix } from './PermissionMatrix'
import { isSudoCancelled } from '../session/useSudo'
import { useDraftCheck } from './rules'
import { AllowListInput } from './AllowListInput'
import { ExpiryField } from './ExpiryField'
import { customExpiry, dateOf, expiresAt, type ExpiryChoice } from './expiry'
import { fieldErrorsOf, type FieldErrors } from './fieldErrors'
import { updateKey } from './queries'
import { ErrorAlert } from '../../shared/ErrorMessage'

export interface EditKeyDialogProps {
  keyItem: Key | null
  catalog: PermissionCatalog | undefined
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  /** Developers may not grant dangerous permissions. */
  lockDangerous?: boolean
  onSaved: (key: Key) => void
  onClose: () => void
  /** Open on this section (the Overview's "Extend expiry" opens on expiry). */
  focusSection?: 'expiry' | 'ips'
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])

export function EditKeyDialog({ keyItem, catalog, withSudo, onSaved, onClose, lockDangerous, focusSection }: EditKeyDialogProps) {
  const initial = useMemo(
    () => ({
      name: keyItem?.name ?? '',
      description: keyItem?.description ?? '',
      permissions: keyItem?.permissions ?? [],
      ips: (keyItem?.allowed_ips ?? []).join('\n'),
      expiry: (keyItem?.expires_at ? 'custom' : 'never') as ExpiryChoice,
      date: keyItem?.expires_at ? dateOf(keyItem.expires_at) : '',
    }),
    [keyItem],
  )
  // The manager mounts a fresh dialog per key (key={key_id}), so the fields
  // start from that key in the first frame and nothing resets them later.
  const [name, setName] = useState(initial.name)
  const [description, setDescription] = useState(initial.description)
  const [permissions, setPermissions] = useState<string[]>(initial.permissions)
  const [ips, setIPs] = useState(initial.ips)
  const [expiry, setExpiry] = useState<ExpiryChoice>(initial.expiry)
  const [date, setDate] = useState(initial.date)
  const [server, setServer] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const expiryRef = useRef<HTMLDivElement>(null)
  const ipsRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!focusSection || !keyItem) return
    // After the modal's own autofocus, move to the section asked for.
    const t = setTimeout(() => {
      const el = focusSection === 'expiry' ? expiryRef.current : ipsRef.current
      el?.scrollIntoView?.({ block: 'center' })
      el?.querySelector<HTMLElement>(focusSection === 'expiry' ? 'input:checked, input' : 'textarea, input')?.focus()
    }, 250)
    return () => clearTimeout(t)
  }, [focusSection, keyItem])

  const expiryChanged = expiry !== initial.expiry || (expiry === 'custom' && date !== initial.date)
  // Go checks every field as it changes (app Keys.Check), with the
  // platform's words; an untouched expiry (perhaps already past) is not checked.
  const { check, current, checkNow } = useDraftCheck({
    name,
    permissions,
    allowed_ips: ips,
    ...(expiryChanged && expiry === 'custom' ? { expires_at: customExpiry(date) } : {}),
  })
  const { name: nameError, permissions: permsError, allowed_ips: ipError, expires_at: expiryError } = check.fields

  const patchOf = (allowed: string[]): UpdateKeyRequest => {
    const patch: UpdateKeyRequest = {}
    if (name.trim() !== initial.name) patch.name = name.trim()
    if (description.trim() !== initial.description) patch.description = description.trim()
    if (!sameList(permissions, initial.permissions)) patch.permissions = permissions
    if (!sameList(allowed, keyItem?.allowed_ips ?? [])) patch.allowed_ips = allowed
    if (expiryChanged) {
      if (expiry === 'never') patch.never_expires = true
      else patch.expires_at = expiresAt(expiry, date)
    }
    return patch
  }
  // Until Go has answered for this draft, the allow-list counts as changed
  // when its text is.
  const dirty = current ? Object.keys(patchOf(check.allowed_ips)).length > 0 : Object.keys(patchOf(keyItem?.allowed_ips ?? [])).length > 0 || ips !== initial.ips
  const valid = !nameError && !permsError && !ipError && !expiryError

  const save = async () => {
    if (!keyItem) return
    const c = await checkNow()
    const patch = patchOf(c.allowed_ips)
    if (Object.keys(c.fields).length > 0 || Object.keys(patch).length === 0) return
    setBusy(true)
    setFailure(null)
    setServer({})
    try {
      const key = await withSudo(() => updateKey(keyItem.key_id, patch))
      onSaved(key)
    } catch (e) {
      if (isSudoCancelled(e)) return
      const fields = fieldErrorsOf(e)
      setServer(fields)
      if (Object.keys(fields).length === 0 || !(e instanceof ApiError) || e.code !== 'invalid_request') setFailure(ApiError.from(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      opened={keyItem !== null}
      onClose={busy ? () => {} : onClose}
      title={
        <Text fw={700} size="lg" component="span">
          Edit key “{keyItem?.name}”
        </Text>
      }
      size={860}
      centered
      padding="xl"
      scrollAreaComponent={ScrollArea.Autosize}
      closeOnClickOutside={false}
    >
      <Stack gap="lg">
        <Divider label="Details" labelPosition="left" />
        <Group grow align="flex-start">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError ?? server.name} withAsterisk />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={server.description} autosize minRows={1} />
        </Group>
        <Divider label="Permissions" labelPosition="left" />
        {catalog ? (
          <PermissionMatrix lockDangerous={lockDangerous} catalog={catalog} value={permissions} onChange={setPermissions} error={permsError ?? server.permissions} />
        ) : (
          <Text c="dimmed">Loading the permission catalog…</Text>
        )}
        <Divider label="Expiry" labelPosition="left" />
        <div ref={expiryRef} data-testid="edit-expiry">
          <ExpiryField
            choice={expiry}
            date={date}
            onChange={(c, d) => {
              setExpiry(c)
              setDate(d)
            }}
            problem={expiryError}
            serverError={server.expires_at}
            validate={expiryChanged}
          />
        </div>
        <Divider label="IP restriction" labelPosition="left" />
        <div ref={ipsRef}>
          <AllowListInput value={ips} onChange={setIPs} problem={ipError} serverError={server.allowed_ips} />
        </div>
        {failure && (
          <ErrorAlert role="alert">
            {failure}
          </ErrorAlert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button onClick={save} loading={busy} disabled={!dirty || !valid}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
