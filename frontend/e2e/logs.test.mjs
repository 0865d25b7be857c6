// Logs and Audit, end to end: serve mode against a real sandbox in headless
// Chromium. Send with the tester, find the request by its id in Logs, open
// it in the tester again and send it; the live tail shows a new request
// within 2 s; the audit shows a rotation just made, and a flood of made-up
// sign-ins as one row with its count; with the platform gone,
// the last logs page is shown with its age. SCREENSHOTS=dir saves views.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { api, apiCreateKey, apiSession, DEMO, launchBrowser, openAuditTab, openSignedIn, startSandbox, startServe } from './harness.mjs'

const T = { timeout: 20_000 }
let sandbox, serve, browser, session

before(async () => {
  sandbox = await startSandbox()
  serve = await startServe({ apiUrl: sandbox.url })
  browser = await launchBrowser()
  session = await apiSession(sandbox.url)
})

after(async () => {
  await browser?.close()
  await serve?.stop()
  await sandbox?.stop()
})

async function shot(page, name) {
  const dir = process.env.SCREENSHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A console of its own signed in as support (a console has one session),
 *  on the Audit tab filtered to one action. */
async function auditAsSupport(action) {
  const own = await startServe({ apiUrl: sandbox.url })
  const { context, page } = await openSignedIn(browser, own, { email: DEMO.support })
  await page.getByText(DEMO.support).first().waitFor(T)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
  await openAuditTab(page)
  await page.getByRole('combobox', { name: 'Action' }).click()
  await page.getByRole('option', { name: action }).click()
  return { own, context, page }
}

test('send with the tester, find the request by id in Logs, open it in the tester and send it again', { timeout: 120_000 }, async () => {
  const { secret, key } = await apiCreateKey(sandbox.url, session, { name: 'E2E logs key', permissions: ['send_email'] })
  const { context, page } = await openSignedIn(browser, serve, { screen: 'Docs & Tester' })
  await page.getByTestId('docs-sidebar').waitFor(T)
  await page.locator('[data-endpoint^="POST "][data-endpoint$="/emails/send"]').click()
  await page.getByTestId('endpoint-view').getByRole('button', { name: 'Try it' }).click()
  const tester = page.getByTestId('tester')
  await tester.getByTestId('key-picker').click()
  await page.getByRole('option', { name: new RegExp(`E2E logs key · ${esc(key.masked_key)}`) }).click()
  await tester.getByLabel('Key secret').fill(secret)
  await tester.getByRole('button', { name: 'Use', exact: true }).click()
  await tester.getByRole('button', { name: 'Send Request' }).click()
  await tester.getByTestId('response-status').waitFor(T)
  assert.match(await tester.getByTestId('response-status').innerText(), /^202/)
  const rid = (await tester.getByTestId('response-request-id').locator('code').innerText()).trim()
  assert.match(rid, /^req_[0-9a-z]{26}$/)

  // Logs, searched by the id alone (what a developer gives support)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
  await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor(T)
  const search = page.getByLabel('Request ID')
  await search.fill(rid)
  await search.press('Enter')
  const row = page.locator(`[data-request-id="${rid}"]`)
  await row.waitFor(T)
  assert.equal(await page.locator('[data-request-id]').count(), 1)
  await row.click()
  const drawer = page.getByRole('dialog')
  await drawer.getByTestId('drawer-request-id').waitFor(T)
  assert.equal((await drawer.getByTestId('drawer-request-id').innerText()).trim(), rid)
  const text = await drawer.innerText()
  assert.ok(text.includes(key.masked_key), 'the drawer names the key, masked')
  assert.ok(!text.includes(secret), 'the drawer never shows the full secret')
  assert.match(await drawer.getByTestId('request-body').innerText(), /"to"/)
  await drawer.getByTestId('rate-limit-explained').waitFor(T)
  await shot(page, 'logs-drawer')

  // Open in Tester: method, path and body prefilled, the key picked by id
  await drawer.getByRole('button', { name: 'Open in Tester' }).click()
  await page.waitForFunction(() => document.querySelector('[aria-label="Path"]')?.value === '/api/v1/emails/send', null, T)
  const t2 = page.getByTestId('tester')
  assert.match(await t2.getByTestId('json-editor').innerText(), /"to"/)
  assert.match(await t2.getByTestId('key-picker').inputValue(), new RegExp(esc(key.masked_key)))
  await t2.getByRole('button', { name: 'Send Request' }).click()
  await page.waitForFunction(
    (old) => {
      const c = document.querySelector('[data-testid="response-request-id"] code')
      return c && c.textContent && c.textContent.trim() !== old
    },
    rid,
    T,
  )
  assert.match(await t2.getByTestId('response-status').innerText(), /^202/)
  const rid2 = (await t2.getByTestId('response-request-id').locator('code').innerText()).trim()
  const replayed = await api(sandbox.url, 'GET', `/tenant/logs/${rid2}`, { token: session.token })
  assert.equal(replayed.status, 200)
  assert.equal(replayed.json.key_id, key.key_id)
  assert.equal(replayed.json.path, '/api/v1/emails/send')
  await context.close()
})

test('the live tail shows a new request within 2 s, and pauses', { timeout: 90_000 }, async () => {
  const { secret } = await apiCreateKey(sandbox.url, session, { name: 'E2E tail key', permissions: ['read_contacts'] })
  const { context, page } = await openSignedIn(browser, serve, { screen: 'Logs' })
  await page.getByTestId('log-table').waitFor(T)
  await page.getByRole('switch', { name: 'Live tail' }).check({ force: true })
  // the subscription is up once a first tailed request shows
  let shown = false
  for (let i = 0; i < 20 && !shown; i++) {
    const r = await api(sandbox.url, 'GET', '/contacts', { key: secret })
    shown = await page
      .locator(`[data-request-id="${r.headers.get('x-request-id')}"]`)
      .waitFor({ timeout: 1000 })
      .then(() => true, () => false)
  }
  assert.ok(shown, 'the tail never showed a request')
  const started = Date.now()
  const r = await api(sandbox.url, 'GET', '/contacts', { key: secret })
  await page.locator(`[data-request-id="${r.headers.get('x-request-id')}"]`).waitFor({ timeout: 2000 })
  const took = Date.now() - started
  assert.ok(took < 2000, `shown after ${took} ms`)

  // paused: new requests wait, counted, until Resume
  await page.getByRole('button', { name: 'Pause' }).click()
  const held = await api(sandbox.url, 'GET', '/contacts', { key: secret })
  await page.getByRole('button', { name: /Resume \(1 new\)/ }).waitFor(T)
  assert.equal(await page.locator(`[data-request-id="${held.headers.get('x-request-id')}"]`).count(), 0)
  await page.getByRole('button', { name: /Resume/ }).click()
  await page.locator(`[data-request-id="${held.headers.get('x-request-id')}"]`).waitFor(T)
  await shot(page, 'logs-tail')
  await context.close()
})

test('support sees the audit entry of a rotation just made, with who and from where', { timeout: 60_000 }, async () => {
  const { key } = await apiCreateKey(sandbox.url, session, { name: 'E2E rotated key' })
  const rot = await api(sandbox.url, 'POST', `/platform/api-keys/${key.key_id}/rotate`, { token: session.token, sudo: session.sudo })
  assert.equal(rot.status, 200)
  const { own, context, page } = await auditAsSupport('Key rotated')
  const row = page.locator('[data-action="key_rotated"]', { hasText: key.key_id })
  await row.waitFor(T)
  const text = await row.innerText()
  assert.ok(text.includes(DEMO.admin), text)
  assert.ok(text.includes('127.0.0.1'), text)
  assert.ok(text.includes(rot.json.key.masked_key), 'what changed: the new masked secret')
  assert.ok(!text.includes(rot.json.api_key), 'never the secret')
  await shot(page, 'audit')
  await context.close()
  await own.stop()
})

test('a flood of sign-ins with made-up addresses is one audit row with its count', { timeout: 60_000 }, async () => {
  for (let i = 0; i < 30; i++) {
    const r = await api(sandbox.url, 'POST', '/auth/login', { body: { email: `nobody${i}@demo.penguinmails.test`, password: 'guess' } })
    assert.equal(r.status, 401)
  }
  const { own, context, page } = await auditAsSupport('Sign in failed')
  const row = page.locator('[data-action="sign_in_failed"]', { hasText: 'nobody0@demo.penguinmails.test' })
  await row.waitFor(T)
  assert.equal(await page.locator('[data-action="sign_in_failed"]', { hasText: 'unknown email' }).count(), 1)
  assert.equal(await row.getByTestId('audit-count').innerText(), '×30')
  assert.ok((await row.innerText()).includes('30 attempts, unknown email: nobody0@demo.penguinmails.test'), await row.innerText())
  await context.close()
  await own.stop()
})

test('offline, the last logs page is shown with its age', { timeout: 90_000 }, async () => {
  const own = await startSandbox()
  const srv = await startServe({ apiUrl: own.url })
  try {
    const s = await apiSession(own.url)
    const { secret } = await apiCreateKey(own.url, s, { name: 'E2E offline key', permissions: ['read_contacts'] })
    const r = await api(own.url, 'GET', '/contacts', { key: secret })
    const rid = r.headers.get('x-request-id')
    const { context, page } = await openSignedIn(browser, srv, { screen: 'Logs' })
    await page.locator(`[data-request-id="${rid}"]`).waitFor(T)
    await own.stop({ remove: false })
    // leave and come back: the page comes from this computer now
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview' }).click()
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Logs' }).click()
    const banner = page.getByTestId('offline-banner')
    await banner.waitFor(T)
    assert.match(await banner.innerText(), /Offline — showing data from .*(ago|just now|seconds?|minutes?)/i)
    await page.locator(`[data-request-id="${rid}"]`).waitFor(T)
    await shot(page, 'logs-offline')
    await context.close()
  } finally {
    await srv.stop()
    await own.stop()
  }
})
