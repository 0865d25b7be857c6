// Go at the transport, for the key-domain methods the UI asks (Keys.Check,
// Mask, Grants, Presets; Usage.Plans; Jobs.About; Tester.ParseCurl, which
// finds a pasted key with the gateway's rules): answers looked up in
// goAnswers.json, which a Go test (app/ui_answers_test.go) writes from the
// real methods and keeps current. An input Go was not asked about is an
// error, so a test never runs on an invented answer: add it to that test.
import answers from './goAnswers.json'

type Draft = { name?: string; description?: string; permissions?: string[]; expires_at?: string; allowed_ips?: string }

const missing = (what: string, input: unknown): never => {
  throw new Error(`no recorded Go answer for ${what} ${JSON.stringify(input)}: add it to app/ui_answers_test.go`)
}

const ALL = Object.keys(answers.grants).reduce((a, b) => (b.split(',').length > a.split(',').length ? b : a)).split(',')

function permissionsProblem(perms: string[]): string {
  const key = perms.join(',')
  const a = (answers.permissions as Record<string, string>)[key]
  if (a !== undefined) return a
  // Any other choice from the catalog is answered as the whole catalog is.
  if (perms.every((p) => ALL.includes(p))) return (answers.permissions as Record<string, string>)[ALL.join(',')]
  return missing('permissions', perms)
}

function expiryProblem(at: string): string {
  if (at === '') return answers.expiry.none
  const t = Date.parse(at)
  if (Number.isNaN(t)) return missing('expires_at', at)
  // The two cases Go was asked about: under a minute ahead (or past), or later.
  return t - Date.now() < 60_000 ? answers.expiry.soon : answers.expiry.later
}

function check(d: Draft) {
  const fields: Record<string, string> = {}
  let entries: string[] = []
  const add = (f: string, p: string) => p && (fields[f] = p)
  if (d.name !== undefined) {
    const p = (answers.names as Record<string, string>)[d.name]
    add('name', p ?? missing('name', d.name))
  }
  if (d.permissions !== undefined) add('permissions', permissionsProblem(d.permissions))
  if (d.expires_at !== undefined) add('expires_at', expiryProblem(d.expires_at))
  if (d.allowed_ips !== undefined) {
    const c = (answers.allowed_ips as Record<string, { fields: Record<string, string>; allowed_ips: string[] }>)[d.allowed_ips]
    if (!c) missing('allowed_ips', d.allowed_ips)
    add('allowed_ips', c.fields.allowed_ips ?? '')
    entries = c.allowed_ips
  }
  return { fields, allowed_ips: entries }
}

function grants(perms: string[], needs: string[]): boolean[] {
  const g = (answers.grants as Record<string, string[]>)[perms.join(',')] ?? missing('grants of', perms)
  return needs.map((n) => g.includes(n))
}

/** Go's answer to service.method(args) when it is one of these methods; undefined otherwise. */
export function goAnswer(service: string, method: string, args: unknown[]): { value: unknown } | undefined {
  const m = `${service}.${method}`
  if (m === 'Keys.Check') return { value: check(args[0] as Draft) }
  if (m === 'Keys.Mask') return { value: (answers.masks as Record<string, string>)[args[0] as string] ?? missing('mask of', args[0]) }
  if (m === 'Keys.Grants') return { value: grants(args[0] as string[], args[1] as string[]) }
  if (m === 'Keys.Presets') return { value: answers.presets }
  if (m === 'Usage.Plans') return { value: answers.plans }
  if (m === 'Jobs.About') return { value: answers.jobs_about }
  if (m === 'Tester.ParseCurl')
    return { value: (answers.curls as Record<string, unknown>)[args[0] as string] ?? missing('cURL command', args[0]) }
  return undefined
}

/** Wraps a test's fake of Go so the methods above get Go's recorded answers. */
export function withGoAnswers<A extends unknown[]>(fake: (service: string, method: string, ...args: A) => unknown) {
  return async (service: string, method: string, ...args: A) => {
    const a = goAnswer(service, method, args)
    return a ? a.value : fake(service, method, ...args)
  }
}

/** A fake of Go that answers only the methods above (anything else fails the test). */
export const onlyGo = withGoAnswers((service: string, method: string) => {
  throw new Error(`unexpected ${service}.${method}`)
})
