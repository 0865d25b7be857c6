// Rendering helpers for the keys screen's component tests.
import { MantineProvider } from '@mantine/core'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import type { Key, PermissionCatalog, PreviousSecret, Rotation } from '../../api/types.gen'
import { theme } from '../../theme'

export function renderUI(ui: ReactElement) {
  return render(<MantineProvider theme={theme}>{ui}</MantineProvider>)
}

export const CATALOG: PermissionCatalog = {
  categories: [
    {
      id: 'emails',
      label: 'Emails',
      permissions: [
        { id: 'send_email', label: 'Send email', description: 'Send single emails', dangerous: false },
        { id: 'send_bulk_email', label: 'Send bulk email', description: 'Send to many', dangerous: false },
      ],
    },
    {
      id: 'contacts',
      label: 'Contacts',
      permissions: [
        { id: 'read_contacts', label: 'Read contacts', description: '', dangerous: false },
        { id: 'write_contacts', label: 'Write contacts', description: '', dangerous: false },
      ],
    },
    {
      id: 'admin',
      label: 'Admin',
      permissions: [
        { id: 'full_access', label: 'Full access', description: 'Everything', dangerous: true },
        { id: 'manage_api_keys', label: 'Manage API keys', description: '', dangerous: true },
      ],
    },
  ],
  presets: {
    read_only: ['read_contacts'],
    full_access: ['full_access'],
    email_sending: ['send_email', 'send_bulk_email'],
  },
}

export function makeKey(over: Partial<Key> = {}): Key {
  return {
    key_id: 'key_123',
    name: 'Production server',
    description: 'Order mails',
    environment: 'live',
    masked_key: 'pm_live_a1b...o5p6',
    permissions: ['send_email'],
    allowed_ips: [],
    rate_limit: 300,
    burst: 500,
    status: 'active',
    created_at: '2026-11-01T10:00:00Z',
    created_by: 'admin@demo.penguinmails.test',
    last_used: null,
    expires_at: null,
    revoked_at: null,
    rotation: null,
    request_count: 200,
    error_count: 10,
    ...over,
  }
}

/** A rotation with these previous secrets (newest first), its single-secret
 *  fields repeating the first as the platform does. */
export function makeRotation(...prev: Partial<PreviousSecret>[]): Rotation {
  const ps: PreviousSecret[] = prev.map((p, i) => ({
    masked_key: `pm_live_ol${i}...1a1a`,
    rotated_at: '2026-11-27T09:00:00Z',
    expires_at: '2030-01-02T00:00:00Z',
    requests_since_rotation: 0,
    last_used: null,
    ...p,
  }))
  return {
    previous_masked_key: ps[0].masked_key,
    previous_expires_at: ps[0].expires_at,
    previous_last_used: ps[0].last_used,
    previous_requests: ps[0].requests_since_rotation,
    previous_secrets: ps,
  }
}

// jsdom has no document.fonts; Mantine's autosize Textarea listens on it.
if (typeof document !== 'undefined' && !('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  })
}
