import type { Key } from '../api/types.gen'

export function keyFixture(over: Partial<Key> = {}): Key {
  return {
    key_id: 'key_01',
    name: 'Production backend',
    description: 'Sends transactional email',
    environment: 'live',
    masked_key: 'pm_live_a1b...o5p6',
    permissions: ['send_email', 'read_contacts'],
    allowed_ips: [],
    rate_limit: 300,
    burst: 500,
    status: 'active',
    created_at: '2026-10-01T10:00:00Z',
    created_by: 'ada@demo.penguinmails.test',
    last_used: null,
    expires_at: null,
    revoked_at: null,
    rotation: null,
    request_count: 1600,
    error_count: 40,
    ...over,
  }
}
