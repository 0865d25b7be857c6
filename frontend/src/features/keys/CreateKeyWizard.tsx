// "Create API Key": a three-step wizard (details → permissions → expiry and
// IP restriction) ending in "Generate API Key". Every step checks its fields
// inline before moving on; the platform's own field errors land on the right
// field and step.
import { useContext, useEffect, useRef, useState } from 'react'
import { useDraftState } from '../../lib/drafts'
import { Button, Group, Modal, ScrollArea, SegmentedControl, Stack, Stepper, Text, TextInput, Textarea, Badge, Paper } from '@mantine/core'
import { IconKey } from '@tabler/icons-react'
import type { CreateKeyResponse, PermissionCatalog } from '../../api/types.gen'
import { ApiError } from '../../api/errors'
import { PermissionMatrix } from './PermissionMatrix'
import { isSudoCancelled } from '../session/useSudo'
import { useDraftCheck, type KeyDraftCheck } from './rules'
import { SessionContext } from '../session/useSession'
import { usePlans } from '../usage/queries'
import { ViewPlansLink } from '../../shared/ViewPlansLink'
import { formatNumber } from '../../lib/format'
import { capitalise } from '../usage/RateLimitIndicator'
import { AllowListInput } from './AllowListInput'
import { ExpiryField } from './ExpiryField'
import { customExpiry, expiresAt, type ExpiryChoice } from './expiry'
import { fieldErrorsOf, type FieldErrors } from './fieldErrors'
import { createKey } from './queries'
import { ErrorAlert } from '../../shared/ErrorMessage'

export interface CreateKeyWizardProps {
  opened: boolean
  onClose: () => void
  catalog: PermissionCatalog | undefined
  withSudo: <T>(action: () => Promise<T>) => Promise<T>
  /** Developers may not grant dangerous permissions. */
  lockDangerous?: boolean
  onCreated: (res: CreateKeyResponse) => void
}

const STEP_OF: Record<keyof FieldErrors, number> = {
  name: 0,
  description: 0,
  environment: 0,
  permissions: 1,
  expires_at: 2,
  allowed_ips: 2,
}

export function CreateKeyWizard({ opened, onClose, catalog, withSudo, onCreated, lockDangerous }: CreateKeyWizardProps) {
  // The fields are kept as drafts: a session that expires mid-way and is
  // resumed by signing in again comes back to the same step and values.
  const [step, setStep] = useDraftState('wizard.step', 0)
  const [name, setName] = useDraftState('wizard.name', '')
  const [nameTouched, setNameTouched] = useState(false)
  const [description, setDescription] = useDraftState('wizard.description', '')
  const [environment, setEnvironment] = useDraftState<'live' | 'test'>('wizard.environment', 'live')
  const [permissions, setPermissions] = useDraftState<string[]>('wizard.permissions', [])
  const [permsTouched, setPermsTouched] = useState(false)
  const [securityTried, setSecurityTried] = useState(false)
  const [expiry, setExpiry] = useDraftState<ExpiryChoice>('wizard.expiry', '90')
  const [expiryDate, setExpiryDate] = useDraftState('wizard.expiryDate', '')
  const [ips, setIPs] = useDraftState('wizard.ips', '')
  const [server, setServer] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  // A fresh form every time the wizard opens (not when it mounts already
  // open: that is a draft being resumed).
  const wasOpen = useRef(opened)
  useEffect(() => {
    const opening = opened && !wasOpen.current
    wasOpen.current = opened
    if (!opening) return
    setStep(0)
    setName('')
    setNameTouched(false)
    setDescription('')
    setEnvironment('live')
    setPermissions([])
    setPermsTouched(false)
    setSecurityTried(false)
    setExpiry('90')
    setExpiryDate('')
    setIPs('')
    setServer({})
    setFailure(null)
  }, [opened])

  // Go checks the draft as it changes (app Keys.Check: the platform's rules
  // and words); Next and Generate check it once more so they never act on
  // an answer older than the last keystroke.
  const { check, checkNow } = useDraftCheck({
    name,
    permissions,
    allowed_ips: ips,
    ...(expiry === 'custom' ? { expires_at: customExpiry(expiryDate) } : {}),
  })
  const nameError = nameTouched ? check.fields.name : undefined
  const permsError = permsTouched ? check.fields.permissions : undefined

  const stepValid = (s: number, c: KeyDraftCheck): boolean => {
    if (s === 0) return !c.fields.name
    if (s === 1) return !c.fields.permissions
    if (s === 2) return !c.fields.expires_at && !c.fields.allowed_ips
    return true
  }

  const next = async () => {
    if (step === 0) setNameTouched(true)
    if (step === 1) setPermsTouched(true)
    const at = step
    if (stepValid(at, await checkNow())) setStep(at + 1)
  }

  const generate = async () => {
    setNameTouched(true)
    setPermsTouched(true)
    setSecurityTried(true)
    const c = await checkNow()
    for (let s = 0; s < 3; s++) {
      if (!stepValid(s, c)) {
        setStep(s)
        return
      }
    }
    setBusy(true)
    setFailure(null)
    setServer({})
    const allowed = c.allowed_ips
    try {
      const res = await withSudo(() =>
        createKey({
          name: name.trim(),
          description: description.trim() || undefined,
          environment,
          permissions,
          expires_at: expiresAt(expiry, expiryDate),
          allowed_ips: allowed.length ? allowed : undefined,
        }),
      )
      onCreated(res)
    } catch (e) {
      if (isSudoCancelled(e)) return
      const fields = fieldErrorsOf(e)
      const bad = (Object.keys(fields) as (keyof FieldErrors)[]).filter((k) => k in STEP_OF)
      if (bad.length) {
        setServer(fields)
        setStep(Math.min(...bad.map((k) => STEP_OF[k])))
      }
      if (!bad.length || !(e instanceof ApiError) || e.code !== 'invalid_request') setFailure(ApiError.from(e).message)
    } finally {
      setBusy(false)
    }
  }

  const selectedLabels = catalog?.categories.flatMap((c) => c.permissions).filter((p) => permissions.includes(p.id)) ?? []

  return (
    <Modal
      opened={opened}
      onClose={busy ? () => {} : onClose}
      title={
        <Group gap="xs">
          <IconKey size={20} />
          <Text fw={700} size="lg">
            Create API Key
          </Text>
        </Group>
      }
      size={860}
      centered
      padding="xl"
      // Long steps (Full access and its warning) scroll inside the dialog
      // instead of running off the screen.
      scrollAreaComponent={ScrollArea.Autosize}
      closeOnClickOutside={false}
    >
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" allowNextStepsSelect={false} mb="lg">
        <Stepper.Step label="Details" description="Name and environment">
          <Stack mt="md">
            <TextInput
              label="Name"
              description="Letters, digits, spaces, - and _ (1-50 characters)"
              placeholder="e.g. Order confirmations worker"
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value)
                setNameTouched(true)
                setServer((s) => ({ ...s, name: undefined }))
              }}
              onBlur={() => setNameTouched(true)}
              // Enter moves on, as in any form.
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                  e.preventDefault()
                  void next()
                }
              }}
              error={nameError ?? server.name}
              withAsterisk
              data-autofocus
              maxLength={80}
            />
            <Textarea
              label="Description"
              placeholder="What uses this key? e.g. the order-confirmation worker"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={server.description}
              autosize
              minRows={2}
            />
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                Environment
              </Text>
              <SegmentedControl
                value={environment}
                onChange={(v) => setEnvironment(v as 'live' | 'test')}
                data={[
                  { value: 'live', label: 'Live' },
                  { value: 'test', label: 'Test' },
                ]}
                w={240}
                aria-label="Environment"
              />
              <Text size="xs" c="dimmed">
                {environment === 'live' ? 'Live keys (pm_live_…) send real email.' : 'Test keys (pm_test_…) are for development and CI.'}
              </Text>
              {server.environment && (
                <Text c="red" size="sm">
                  {server.environment}
                </Text>
              )}
            </Stack>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Permissions" description="What the key may do">
          <Stack mt="md">
            {catalog ? (
              <PermissionMatrix
                lockDangerous={lockDangerous}
                catalog={catalog}
                value={permissions}
                onChange={(v) => {
                  setPermissions(v)
                  setPermsTouched(true)
                  setServer((s) => ({ ...s, permissions: undefined }))
                }}
                error={permsError ?? server.permissions}
              />
            ) : (
              <Text c="dimmed">Loading the permission catalog…</Text>
            )}
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Security" description="Expiry and IP restriction">
          <Stack mt="md" gap="lg">
            <ExpiryField
              choice={expiry}
              date={expiryDate}
              onChange={(c, d) => {
                setExpiry(c)
                setExpiryDate(d)
                setServer((s) => ({ ...s, expires_at: undefined }))
              }}
              problem={check.fields.expires_at}
              serverError={server.expires_at}
              showErrors={securityTried}
            />
            <AllowListInput
              problem={check.fields.allowed_ips}
              showErrors={securityTried}
              value={ips}
              onChange={(t) => {
                setIPs(t)
                setServer((s) => ({ ...s, allowed_ips: undefined }))
              }}
              serverError={server.allowed_ips}
            />
            <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default-hover)">
              <Text size="xs" c="dimmed" mb={4}>
                Summary
              </Text>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {name.trim() || 'Unnamed key'}
                </Text>
                <Badge size="sm" variant="light" color={environment === 'live' ? 'brand' : 'grape'}>
                  {environment}
                </Badge>
                {selectedLabels.map((p) => (
                  <Badge key={p.id} size="sm" variant="outline" color={p.dangerous ? 'red' : 'gray'} tt="none" ff="monospace" fw={500}>
                    {p.id}
                  </Badge>
                ))}
              </Group>
            </Paper>
            <TierLimit />
          </Stack>
        </Stepper.Step>
      </Stepper>

      {failure && (
        <ErrorAlert mb="md" role="alert">
          {failure}
        </ErrorAlert>
      )}

      <Group justify="space-between">
        <Button variant="default" onClick={step === 0 ? onClose : () => setStep(step - 1)} disabled={busy}>
          {step === 0 ? 'Cancel' : 'Back'}
        </Button>
        {step < 2 ? (
          <Button onClick={() => void next()}>Next</Button>
        ) : (
          <Button onClick={generate} loading={busy} leftSection={<IconKey size={16} />}>
            Generate API Key
          </Button>
        )}
      </Group>
    </Modal>
  )
}

/** The tenant's plan limit, which every key shares, with the way to more. */
function TierLimit() {
  const plan = useContext(SessionContext)?.tenant?.plan ?? ''
  const tier = usePlans()?.find((p) => p.name === plan.toLowerCase())
  if (!tier) return null
  return (
    <Group gap="xs" data-testid="tier-limit">
      <Text size="sm">
        Rate limit on your {capitalise(tier.name)} plan: {formatNumber(tier.per_minute)} requests per minute, bursts up to {formatNumber(tier.burst)}, shared by all keys.
      </Text>
      <ViewPlansLink />
    </Group>
  )
}
