// The API Keys screen (SPEC §3): APIKeyManager does the work.
import APIKeyManager from './APIKeyManager'

export default function ApiKeysPage() {
  return <APIKeyManager />
}
