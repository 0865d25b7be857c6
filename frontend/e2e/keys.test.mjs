// API Keys screen, end to end: serve mode against a real sandbox (with the
// test clock), driven in headless Chromium. One test per flow of issue 4.
// The secrets a test sees are checked against the real gateway from node.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEMO,
  DEMO_PASSWORD,
  advanceClock,
  api,
  apiCreateKey,
  apiSession,
  launchBrowser,
  openSignedIn,
  startSandbox,
  startServe,
} from './harness.mjs'

const T = { timeout: 20_000 }
let sandbox, serve, browser

before(async () => {
  sandbox = await startSandbox({ testClock: true })
  serve = await startServe({ apiUrl: sandbox.url })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await serve?.stop()
  await sandbox?.stop()
})

/** The first of several waits to succeed; the others' later failures are ignored. */
function firstOf(...waits) {
  waits.forEach((w) => w.catch(() => {}))
  return Promise.any(waits)
}

/** A signed-in page on the API Keys screen. */
async function keysPage({ permissions = [], email = DEMO.admin, on = serve } = {}) {
  const { context, page } = await openSignedIn(browser, on, { permissions, email, screen: 'API Keys' })
  await page.getByRole('heading', { name: 'API Keys', level: 1 }).waitFor(T)
  return { context, page }
}

/** The card of the key named name. */
const cardOf = (page, name) => page.getByTestId('api-key-card').filter({ has: page.getByText(name, { exact: true }) })

/**
 * Waits for outcome after a sensitive action, confirming the password if
 * the console asks (the sudo token may or may not be in force already).
 */
async function withSudo(page, outcome) {
  const pw = page.getByLabel('Password', { exact: true })
  const first = await firstOf(outcome.waitFor(T).then(() => 'done'), pw.waitFor(T).then(() => 'sudo'))
  if (first === 'sudo') {
    await pw.fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Confirm' }).click()
    await outcome.waitFor(T)
  }
}

/** Runs the create wizard to its end with valid answers. */
async function createThroughWizard(page, { name, preset = 'Email sending', ips = '', opened = false }) {
  if (!opened) await page.getByRole('button', { name: 'Create API Key' }).first().click()
  const dialog = page.getByRole('dialog', { name: /Create API Key/ })
  await dialog.waitFor(T)
  await dialog.getByLabel('Name', { exact: false }).first().fill(name)
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('button', { name: preset }).click()
  await dialog.getByRole('button', { name: 'Next' }).click()
  if (ips) await dialog.getByLabel('IP restriction').fill(ips)
  await dialog.getByRole('button', { name: 'Generate API Key' }).click()
  return dialog
}

/** Closes the success view without saving the secret: confirms the question it asks. */
async function closeSecretView(page) {
  await page.getByRole('button', { name: "I've saved my key" }).click()
  await page.getByRole('button', { name: 'Close without saving' }).click()
}

async function readSecret(page) {
  const el = page.getByTestId('secret')
  await el.waitFor(T)
  return (await el.textContent()).trim()
}

const gatewaySend = (key) => api(sandbox.url, 'POST', '/emails/send', { key, body: { to: 'dev@example.com', subject: 'e2e', text_body: 'hi' } })
const gatewayContacts = (key) => api(sandbox.url, 'GET', '/contacts', { key })

/** Everything the page could have kept: storage, cookies, IndexedDB, and the text on screen. */
async function everythingStored(page, context) {
  const inPage = await page.evaluate(async () => {
    const dump = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join('\n')
    const idb = []
    for (const info of (await indexedDB.databases?.()) ?? []) {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open(info.name)
        r.onsuccess = () => res(r.result)
        r.onerror = () => rej(r.error)
      })
      for (const store of db.objectStoreNames) {
        const all = await new Promise((res) => {
          const r = db.transaction(store).objectStore(store).getAll()
          r.onsuccess = () => res(r.result)
          r.onerror = () => res([])
        })
        idb.push(JSON.stringify(all))
      }
      db.close()
    }
    return [dump(localStorage), dump(sessionStorage), idb.join('\n'), document.documentElement.outerHTML].join('\n')
  })
  const cookies = JSON.stringify(await context.cookies())
  return inPage + '\n' + cookies
}

describe('API Keys screen', () => {
  test('sudo: the password is asked first, a wrong one says so, then the key is created', async () => {
    // The platform's own words for a wrong password, to compare with the UI.
    const login = await api(sandbox.url, 'POST', '/auth/login', { body: { email: DEMO.admin, password: DEMO_PASSWORD } })
    const wrong = await api(sandbox.url, 'POST', '/auth/sudo', { token: login.json.token, body: { password: 'not-the-password' } })
    assert.equal(wrong.status, 401)

    const { context, page } = await keysPage()
    try {
      await createThroughWizard(page, { name: 'Sudo prompt key' })
      const pw = page.getByLabel('Password', { exact: true })
      await pw.waitFor(T)
      await pw.fill('not-the-password')
      await page.getByRole('button', { name: 'Confirm' }).click()
      await page.getByText(wrong.json.message, { exact: true }).waitFor(T)
      assert.equal(await page.getByTestId('secret').count(), 0, 'no key is created with a wrong password')

      await pw.fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Confirm' }).click()
      const secret = await readSecret(page)
      assert.match(secret, /^pm_live_/)
      await closeSecretView(page)
      await page.getByText(/^Sudo active · 1[45] min$/).waitFor(T)

      // The token is reused: the next sensitive action goes straight through.
      await createThroughWizard(page, { name: 'Sudo reuse key' })
      await page.getByTestId('secret').waitFor(T)
      assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0)
      await closeSecretView(page)
    } finally {
      await context.close()
    }
  })

  test('create: invalid name, no permission and a bad CIDR are refused inline; the secret is shown once', async () => {
    const { context, page } = await keysPage()
    try {
      await page.getByRole('button', { name: 'Create API Key' }).first().click()
      const dialog = page.getByRole('dialog', { name: /Create API Key/ })
      const name = dialog.getByLabel('Name', { exact: false }).first()

      await name.fill('x'.repeat(51))
      await dialog.getByRole('button', { name: 'Next' }).click()
      await dialog.getByText('Name must be 1-50 characters').waitFor(T)
      await name.fill('E2E created key')
      await dialog.getByText('Test', { exact: true }).click()
      await dialog.getByRole('button', { name: 'Next' }).click()

      await dialog.getByRole('button', { name: 'Next' }).click()
      await dialog.getByText('Select at least one permission').waitFor(T)
      await dialog.getByRole('checkbox', { name: /Send email/ }).first().check({ force: true })
      await dialog.getByRole('button', { name: 'Next' }).click()

      // A custom date says nothing until it is left; every bad IP is named.
      await dialog.getByText('Custom date', { exact: true }).click()
      assert.equal(await dialog.getByText('Choose an expiry date').count(), 0)
      await dialog.getByText('90 days', { exact: true }).click()
      const ips = dialog.getByLabel('IP restriction')
      await ips.fill('127.0.0.1\n10.0.0.0/33\n999.1.1.1')
      await ips.blur()
      await dialog.getByText(/"10\.0\.0\.0\/33"/).waitFor(T)
      await dialog.getByText(/"999\.1\.1\.1" is not a valid IP address/).waitFor(T)
      await dialog.getByRole('button', { name: 'Generate API Key' }).click()
      assert.equal(await page.getByTestId('secret').count(), 0, 'nothing is created with a bad CIDR')
      await ips.fill('127.0.0.1\n10.0.0.0/8')

      await dialog.getByRole('button', { name: 'Generate API Key' }).click()
      await withSudo(page, page.getByTestId('secret'))
      const secret = await readSecret(page)
      assert.match(secret, /^pm_test_[A-Za-z0-9_-]{40,}/)
      const snippet = await page.getByTestId('snippet-curl').textContent()
      assert.match(snippet, /\/api\/v1\/emails\/send/)

      // The modal closes only on "I've saved my key": not on Escape, not on a click outside.
      await page.keyboard.press('Escape')
      await page.mouse.click(5, 5)
      assert.equal(await page.getByTestId('secret').isVisible(), true)

      // The secret works at the gateway from this machine.
      const sent = await gatewaySend(secret)
      assert.ok(sent.status >= 200 && sent.status < 300, `send with the new key: ${sent.status} ${sent.text}`)

      // Neither copied nor downloaded: closing asks first, and "Go back" keeps it.
      await page.getByRole('button', { name: "I've saved my key" }).click()
      await page.getByText(/You have not copied or downloaded this key/).waitFor(T)
      await page.getByRole('button', { name: 'Go back' }).click()
      assert.equal(await page.getByTestId('secret').isVisible(), true)
      await closeSecretView(page)
      await page.getByTestId('secret').waitFor({ state: 'detached', ...T })
      const card = cardOf(page, 'E2E created key')
      await card.waitFor(T)
      // Focus lands on the new key, not the page body.
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'API key E2E created key', null, T)
      await card.getByTestId('ip-restricted').getByText('2 IP ranges').waitFor(T)
      assert.match(await card.getByTestId('masked-key').textContent(), /^pm_test_.{3}\.\.\..{4}$/)

      // Never again: not on screen, not in any storage, not after a reload.
      assert.ok(!(await everythingStored(page, context)).includes(secret), 'the secret is gone after closing')
      await card.getByRole('button', { name: 'Details' }).click()
      await card.getByTestId('key-details').waitFor(T)
      assert.ok(!(await everythingStored(page, context)).includes(secret), 'the details do not show it')
      await page.reload()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'API Keys' }).click()
      await cardOf(page, 'E2E created key').waitFor(T)
      assert.ok(!(await everythingStored(page, context)).includes(secret), 'the secret is gone after a reload')
    } finally {
      await context.close()
    }
  })

  test('Copy puts the secret on the clipboard and Download .env saves it with a warning', async () => {
    const { context, page } = await keysPage({ permissions: ['clipboard-read', 'clipboard-write'] })
    try {
      // Overview's "Create API Key" arrives as {create:'1'}: the wizard opens by itself.
      await page.evaluate(() => (location.hash = '#/overview'))
      await page.evaluate(() => (location.hash = '#/keys?create=1'))
      await createThroughWizard(page, { name: 'Clipboard key', opened: true })
      await withSudo(page, page.getByTestId('secret'))
      const secret = await readSecret(page)
      // The page's timers from here on run on a clock the test moves.
      await page.clock.install()

      await page.getByRole('button', { name: 'Copy', exact: true }).click()
      await page.getByRole('button', { name: 'Copied', exact: true }).waitFor(T)
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret)

      // Record the file name the page asks for: Chromium drops the leading
      // dot of a suggested name (it would save "env"), so it asks for
      // penguinmails.env and says why.
      await page.evaluate(() => {
        const click = HTMLAnchorElement.prototype.click
        window.__asked = []
        HTMLAnchorElement.prototype.click = function () {
          window.__asked.push(this.download)
          return click.call(this)
        }
      })
      const [download] = await Promise.all([page.waitForEvent('download', T), page.getByRole('button', { name: 'Download .env' }).click()])
      assert.deepEqual(await page.evaluate(() => window.__asked), ['penguinmails.env'])
      assert.equal(download.suggestedFilename(), 'penguinmails.env')
      assert.match(await page.getByTestId('env-name-note').innerText(), /browsers drop a file name that starts with a dot/)
      const text = readFileSync(await download.path(), 'utf8')
      assert.equal(
        text,
        '# PenguinMails API key — do not commit this file\n' +
          '# Keep it out of version control: add this line to your .gitignore\n#   .env\n' +
          '# Best practices for API keys: https://penguinmails.com/docs/api-keys/best-practices\n' +
          `PENGUINMAILS_API_KEY=${secret}\n`,
      )
      await download.delete()

      // A minute after the Copy the secret leaves the clipboard (the
      // setting is on by default); copied and downloaded, the view closes
      // without asking.
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret)
      await page.clock.fastForward(61_000)
      await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t === ''), null, T)
      await page.getByRole('button', { name: "I've saved my key" }).click()
      await page.getByTestId('secret').waitFor({ state: 'detached', ...T })
    } finally {
      await context.close()
    }
  })

  test("the create dialog shows the plan's limit with View plans →, which opens the plans page outside the console; cards show each key's limit", async () => {
    await apiCreateKey(sandbox.url, await apiSession(sandbox.url), { name: 'Limit on card' })
    const { context, page } = await keysPage()
    try {
      await context.route('https://penguinmails.com/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<title>Plans</title>' }))
      const card = cardOf(page, 'Limit on card')
      await card.getByText('Rate limit', { exact: true }).waitFor(T)
      assert.match(await card.innerText(), /[\d,]+\/min · burst [\d,]+/)

      await page.getByRole('button', { name: 'Create API Key' }).first().click()
      const dialog = page.getByRole('dialog', { name: /Create API Key/ })
      await dialog.getByLabel('Name', { exact: false }).first().fill('Plan limit look')
      await dialog.getByRole('button', { name: 'Next' }).click()
      await dialog.getByRole('button', { name: 'Email sending' }).click()
      await dialog.getByRole('button', { name: 'Next' }).click()
      const tier = dialog.getByTestId('tier-limit')
      await tier.waitFor(T)
      assert.match(await tier.innerText(), /Rate limit on your \w+ plan: [\d,]+ requests per minute, bursts up to [\d,]+/)
      const [plans] = await Promise.all([context.waitForEvent('page', T), tier.getByRole('link', { name: 'View plans →' }).click()])
      await plans.waitForLoadState('domcontentloaded')
      assert.equal(plans.url(), 'https://penguinmails.com/pricing')
      assert.ok(page.url().startsWith(serve.origin), 'the console itself did not navigate away')
      await plans.close()
    } finally {
      await context.close()
    }
  })

  test('key details give security recommendations whose fix opens the right dialog', async () => {
    const admin = await apiSession(sandbox.url)
    await apiCreateKey(sandbox.url, admin, { name: 'Wide open live', environment: 'live', permissions: ['full_access'] })
    const { context, page } = await keysPage()
    try {
      const card = cardOf(page, 'Wide open live')
      await card.getByRole('button', { name: 'Details' }).click()
      const recs = card.getByTestId('security-recommendations')
      await recs.waitFor(T)
      await recs.getByText('A live key with full access works from any IP address.', { exact: false }).waitFor(T)
      await recs.getByText('This key never expires. Give it an expiry date.').waitFor(T)
      assert.equal(await recs.getByText(/days old/).count(), 0, 'a new key is not old')

      // "Add IP restriction" opens Edit key with the allow-list focused; saving it clears that recommendation.
      await recs.getByRole('button', { name: 'Add IP restriction' }).click()
      const dialog = page.getByRole('dialog', { name: /Edit key “Wide open live”/ })
      await dialog.waitFor(T)
      const ips = dialog.getByLabel('IP restriction')
      await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA', null, T)
      await ips.fill('203.0.113.0/24')
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      await withSudo(page, page.getByText('Key updated'))
      await recs.getByText(/works from any IP address/).waitFor({ state: 'detached', ...T })
      await recs.getByRole('button', { name: 'Set expiry' }).click()
      await page.getByRole('dialog', { name: /Edit key “Wide open live”/ }).getByTestId('edit-expiry').waitFor(T)
    } finally {
      await context.close()
    }
  })

  test('revoke: confirmation, toast, red card; revoking again from a stale list says it is already revoked', async () => {
    const admin = await apiSession(sandbox.url)
    const a = await apiCreateKey(sandbox.url, admin, { name: 'Revoke me' })
    const b = await apiCreateKey(sandbox.url, admin, { name: 'Revoked elsewhere' })

    const { context, page } = await keysPage()
    try {
      const card = cardOf(page, 'Revoke me')
      await card.getByRole('button', { name: 'Revoke Key' }).click()
      const dialog = page.getByRole('dialog', { name: 'Revoke API key' })
      await dialog.getByText('“Revoke me”').waitFor(T)
      await dialog.getByText('This cannot be undone.').waitFor(T)
      await dialog.getByRole('button', { name: 'Revoke Key' }).click()
      await withSudo(page, page.getByText('Key revoked'))
      await card.getByText('Revoked', { exact: true }).waitFor(T)
      await card.getByTestId('revoked-banner').waitFor(T)
      assert.equal(await card.getByRole('button', { name: 'Revoke Key' }).count(), 0)
      const refused = await gatewaySend(a.secret)
      assert.equal(refused.status, 401)
      assert.equal(refused.json.error, 'key_revoked')

      // Someone else revokes b while this list still shows it active.
      const gone = await api(sandbox.url, 'DELETE', `/platform/api-keys/${b.key.key_id}`, { token: admin.token, sudo: admin.sudo })
      assert.equal(gone.status, 200)
      await cardOf(page, 'Revoked elsewhere').getByRole('button', { name: 'Revoke Key' }).click()
      await page.getByRole('dialog', { name: 'Revoke API key' }).getByRole('button', { name: 'Revoke Key' }).click()
      await withSudo(page, page.getByText('This key has already been revoked and cannot be used.'))
    } finally {
      await context.close()
    }
  })

  test('focus after the Edit, Rotate and Revoke dialogs returns to the control that opened them, or to the key when that control is gone', async () => {
    const admin = await apiSession(sandbox.url)
    await apiCreateKey(sandbox.url, admin, { name: 'Focus edit' })
    await apiCreateKey(sandbox.url, admin, { name: 'Focus rotate' })
    await apiCreateKey(sandbox.url, admin, { name: 'Focus removal' })
    const { context, page } = await keysPage()
    // What has focus: the key it belongs to and the button's name ('body' when nothing has it).
    const describeFocus = () => {
      const el = document.activeElement
      if (!el || el === document.body) return 'body'
      const key = el.closest('[data-key-id]')?.getAttribute('aria-label') ?? ''
      const what = el.matches('[data-key-id]') ? 'card' : el.textContent.trim()
      return `${key} / ${what}`
    }
    const focusIs = async (want, step) => {
      await page
        .waitForFunction(`(${describeFocus})() === ${JSON.stringify(want)}`, null, { timeout: 5_000 })
        .catch(async () => assert.fail(`${step}: focus is on "${await page.evaluate(describeFocus)}", want "${want}"`))
    }
    try {
      // Edit key: closed with Escape, then saved.
      const edit = cardOf(page, 'Focus edit').getByRole('button', { name: 'Edit Key' })
      await edit.click()
      const editDialog = page.getByRole('dialog', { name: /Edit key “Focus edit”/ })
      await editDialog.waitFor(T)
      await page.keyboard.press('Escape')
      await editDialog.waitFor({ state: 'hidden', ...T })
      await focusIs('API key Focus edit / Edit Key', 'Edit key closed')
      await edit.click()
      await editDialog.getByRole('checkbox', { name: /Read contacts/ }).check({ force: true })
      await editDialog.getByRole('button', { name: 'Save changes' }).click()
      await withSudo(page, page.getByText('Key updated'))
      await editDialog.waitFor({ state: 'hidden', ...T })
      await focusIs('API key Focus edit / Edit Key', 'Edit key saved')

      // Rotate: cancelled, then done (the success view comes between; the
      // rotating key has no Rotate button any more, so the key itself gets focus).
      const rotate = cardOf(page, 'Focus rotate').getByRole('button', { name: 'Rotate Key' })
      await rotate.click()
      const rotateDialog = page.getByRole('dialog', { name: 'Rotate API key' })
      await rotateDialog.getByRole('button', { name: 'Cancel' }).click()
      await rotateDialog.waitFor({ state: 'hidden', ...T })
      await focusIs('API key Focus rotate / Rotate Key', 'Rotate cancelled')
      await rotate.click()
      await rotateDialog.getByRole('button', { name: 'Rotate Key' }).click()
      await withSudo(page, page.getByTestId('secret'))
      await closeSecretView(page)
      await focusIs('API key Focus rotate / card', 'Rotated')

      // Revoke: cancelled, then done (the revoked key keeps its card, without the button).
      const revoke = cardOf(page, 'Focus removal').getByRole('button', { name: 'Revoke Key' })
      await revoke.click()
      const revokeDialog = page.getByRole('dialog', { name: 'Revoke API key' })
      await revokeDialog.getByRole('button', { name: 'Cancel' }).click()
      await revokeDialog.waitFor({ state: 'hidden', ...T })
      await focusIs('API key Focus removal / Revoke Key', 'Revoke cancelled')
      await revoke.click()
      await revokeDialog.getByRole('button', { name: 'Revoke Key' }).click()
      await withSudo(page, page.getByText('Key revoked'))
      await revokeDialog.waitFor({ state: 'hidden', ...T })
      await focusIs('API key Focus removal / card', 'Revoked')

      // Table view: the actions are in the row's menu, which closes with the
      // dialog's opening; focus returns to the menu's button.
      await page.getByText('Table', { exact: true }).click()
      const menuButton = page.getByRole('button', { name: 'Actions for Focus edit' })
      await menuButton.click()
      await page.getByRole('menuitem', { name: 'Edit Key' }).click()
      await editDialog.waitFor(T)
      await page.keyboard.press('Escape')
      await editDialog.waitFor({ state: 'hidden', ...T })
      await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Actions for Focus edit', null, { timeout: 5_000 })
        .catch(async () => assert.fail(`table Edit key closed: focus is on "${await focused()}"`))
    } finally {
      await context.close()
    }
  })

  test('Edit key: a gateway call goes from 403 to 200', async () => {
    const admin = await apiSession(sandbox.url)
    const k = await apiCreateKey(sandbox.url, admin, { name: 'Needs contacts', permissions: ['send_email'] })
    const before = await gatewayContacts(k.secret)
    assert.equal(before.status, 403)
    assert.equal(before.json.error, 'insufficient_permissions')

    const { context, page } = await keysPage()
    try {
      await cardOf(page, 'Needs contacts').getByRole('button', { name: 'Edit Key' }).click()
      const dialog = page.getByRole('dialog', { name: /Edit key “Needs contacts”/ })
      await dialog.getByRole('checkbox', { name: /Read contacts/ }).check({ force: true })
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      await withSudo(page, page.getByText('Key updated'))
      await cardOf(page, 'Needs contacts').getByText('read_contacts').waitFor(T)
      const afterEdit = await gatewayContacts(k.secret)
      assert.equal(afterEdit.status, 200, afterEdit.text)

      // {key_id} (e.g. from an expiry warning) expands that key: its audit log shows the change.
      await page.evaluate(() => (location.hash = '#/overview'))
      await page.evaluate((id) => (location.hash = `#/keys?key_id=${id}`), k.key.key_id)
      const details = cardOf(page, 'Needs contacts').getByTestId('key-details')
      await details.waitFor(T)
      await details.getByText('Permissions changed').waitFor(T)
    } finally {
      await context.close()
    }
  })

  test('table view: every column, the same actions, remembered for this user; Edit key has its four sections', async () => {
    const admin = await apiSession(sandbox.url)
    const k = await apiCreateKey(sandbox.url, admin, { name: 'Table row key', permissions: ['send_email', 'read_contacts'], allowed_ips: ['203.0.113.0/24'] })
    const { context, page } = await keysPage()
    try {
      await page.locator('.mantine-SegmentedControl-label', { hasText: 'Table' }).click()
      const row = page.getByTestId('key-row').filter({ has: page.getByText('Table row key', { exact: true }) })
      await row.waitFor(T)
      assert.equal(await row.getByTestId('key-id').innerText(), k.key.key_id)
      assert.equal(await row.getByTestId('perm-count').innerText(), '2')
      assert.equal(await row.getByTestId('ip-restricted').innerText(), '1 IP range')
      assert.ok((await row.innerText()).includes(k.key.masked_key))

      // Remembered: a reload opens the table again.
      await page.reload()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'API Keys' }).click()
      await row.waitFor(T)
      assert.equal(await page.getByTestId('api-key-card').count(), 0)

      // The table scrolls sideways inside its frame at 1024 px: nothing is cut off the page.
      await page.setViewportSize({ width: 1024, height: 700 })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 0, `the page itself does not scroll sideways (${overflow} px)`)

      await row.getByRole('button', { name: 'Actions for Table row key' }).click()
      await page.getByRole('menuitem', { name: 'Edit Key' }).click()
      const dialog = page.getByRole('dialog', { name: /Edit key “Table row key”/ })
      await dialog.waitFor(T)
      for (const section of ['Details', 'Permissions', 'Expiry', 'IP restriction']) await dialog.getByText(section, { exact: true }).first().waitFor(T)
      await dialog.getByLabel('IP restriction', { exact: false }).fill('203.0.113.0/24\n198.51.100.7')
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      await withSudo(page, page.getByText('Key updated'))
      await row.getByTestId('ip-restricted').getByText('2 IP ranges').waitFor(T)
    } finally {
      await context.close()
    }
  })

  test('the wizard: Enter advances, Full access fits with its warning in view', async () => {
    const { context, page } = await keysPage()
    try {
      await page.setViewportSize({ width: 1024, height: 700 })
      await page.getByRole('button', { name: 'Create API Key' }).first().click()
      const dialog = page.getByRole('dialog', { name: /Create API Key/ })
      const name = dialog.getByLabel('Name', { exact: false }).first()
      await name.fill('Enter key')
      await name.press('Enter')
      await dialog.getByRole('button', { name: 'Full access' }).click()
      // The dialog stays inside the window; its body scrolls to the warning.
      const box = await dialog.boundingBox()
      assert.ok(box.y >= 0 && box.y + box.height <= 700 + 1, `dialog ${JSON.stringify(box)} fits 700 px`)
      const warning = dialog.getByText(/full access/i).last()
      await warning.scrollIntoViewIfNeeded()
      assert.ok(await warning.isVisible())
      const wb = await warning.boundingBox()
      assert.ok(wb.y + wb.height <= 700, 'the warning can be scrolled into view')
      await dialog.getByRole('button', { name: 'Back' }).click()
      await dialog.getByRole('button', { name: 'Cancel' }).click()
    } finally {
      await context.close()
    }
  })

  // Last of the admin flows: it moves the sandbox clock a day forward.
  test('rotate: both secrets work during the grace, the old one is refused after it', async () => {
    const admin = await apiSession(sandbox.url)
    const k = await apiCreateKey(sandbox.url, admin, { name: 'Rotate me' })

    const { context, page } = await keysPage()
    try {
      await cardOf(page, 'Rotate me').getByRole('button', { name: 'Rotate Key' }).click()
      const dialog = page.getByRole('dialog', { name: 'Rotate API key' })
      await dialog.getByText('“Rotate me”').waitFor(T)
      // The grace choices, 24 hours chosen, and the words say so.
      assert.ok(await dialog.getByRole('radio', { name: /^24 hours \(default\)/ }).isChecked())
      await dialog.getByText('For a key that leaked: the current secret stops working at once.').waitFor(T)
      assert.match(await dialog.getByTestId('rotate-outcome').textContent(), /keeps working for 24 hours, until/)
      await dialog.getByRole('button', { name: 'Rotate Key' }).click()
      await withSudo(page, page.getByTestId('secret'))
      const fresh = await readSecret(page)
      assert.notEqual(fresh, k.secret)
      await closeSecretView(page)

      const card = cardOf(page, 'Rotate me')
      await card.getByText('Rotating', { exact: true }).waitFor(T)
      await card.getByText(/^Old key stops working in 2[34] h \d+ min$/).waitFor(T)
      await card.getByText('No traffic on the old key since rotation').waitFor(T)

      for (const secret of [k.secret, fresh]) {
        const r = await gatewaySend(secret)
        assert.ok(r.status >= 200 && r.status < 300, `during the grace: ${r.status} ${r.text}`)
      }
      await page.reload()
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'API Keys' }).click()
      await cardOf(page, 'Rotate me').getByText(/^Old key still in use — last request/).waitFor(T)

      await advanceClock(sandbox.url, 86_401)
      const old = await gatewaySend(k.secret)
      assert.equal(old.status, 401)
      assert.equal(old.json.error, 'key_revoked')
      const now = await gatewaySend(fresh)
      assert.ok(now.status >= 200 && now.status < 300, `after the grace: ${now.status} ${now.text}`)
    } finally {
      await context.close()
    }
  })

  test('support staff see keys read-only', async () => {
    const support = await startServe({ apiUrl: sandbox.url })
    try {
      const { context, page } = await keysPage({ on: support, email: DEMO.support })
      try {
        await page.getByTestId('api-key-card').first().waitFor(T)
        await page.getByText('Read-only access').waitFor(T)
        for (const name of ['Create API Key', 'Rotate Key', 'Revoke Key', 'Edit Key']) {
          assert.equal(await page.getByRole('button', { name }).count(), 0, `${name} is hidden`)
        }
        assert.ok((await page.getByRole('button', { name: 'View Usage' }).count()) > 0)

        // Search, status filter and sort are answered by the platform.
        const cardNames = async () => {
          const cards = page.getByTestId('api-key-card')
          const out = []
          for (let i = 0; i < (await cards.count()); i++) out.push((await cards.nth(i).locator('.mantine-Text-root').first().textContent()).trim())
          return out
        }
        await page.getByRole('textbox', { name: 'Search keys' }).fill('Revoke')
        await page.waitForFunction(() => document.querySelectorAll('[data-testid="api-key-card"]').length === 2)
        assert.deepEqual((await cardNames()).sort(), ['Revoke me', 'Revoked elsewhere'])
        await page.getByRole('textbox', { name: 'Search keys' }).fill('')
        await page.getByText('Revoked', { exact: true }).first().click()
        await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="api-key-card"]')].every((c) => c.querySelector('[data-status="revoked"]')))
        assert.ok((await cardNames()).includes('Revoke me'))
        await page.getByText('All', { exact: true }).click()
        await page.getByRole('textbox', { name: 'Sort by' }).or(page.getByRole('combobox', { name: 'Sort by' })).first().click()
        await page.getByRole('option', { name: 'Sort: Name' }).click()
        // Wait for the platform's answer: the order changes from newest-first to by name.
        await page.waitForFunction(() => {
          const n = [...document.querySelectorAll('[data-testid="api-key-card"]')].map((c) => c.querySelector('.mantine-Text-root')?.textContent?.trim() ?? '')
          return n.length >= 3 && n.every((x, i) => i === 0 || n[i - 1].localeCompare(x, 'en', { sensitivity: 'base' }) <= 0)
        }, null, T)
        const sorted = await cardNames()
        assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))

        // "View Usage" and "Try in Tester" open those screens with this key chosen.
        const first = page.getByTestId('api-key-card').first()
        const id = await first.getAttribute('data-key-id')
        await first.getByRole('button', { name: 'View Usage' }).click()
        await page.waitForFunction((k) => location.hash === `#/usage?key_id=${k}`, id)
        await page.evaluate(() => (location.hash = '#/keys?create=1'))
        await page.getByTestId('api-key-card').first().waitFor(T)
        assert.equal(await page.getByRole('dialog', { name: /Create API Key/ }).count(), 0, 'no wizard for support staff')
      } finally {
        await context.close()
      }
    } finally {
      await support.stop()
    }
  })

  test('developers change only the keys they created and cannot grant dangerous permissions', async () => {
    const dev = await startServe({ apiUrl: sandbox.url })
    try {
      const { context, page } = await keysPage({ on: dev, email: DEMO.developer })
      try {
        const adminKey = cardOf(page, 'Needs contacts')
        await adminKey.waitFor(T)
        assert.equal(await adminKey.getByRole('button', { name: 'Rotate Key' }).count(), 0, "no controls on an admin's key")
        await page.getByRole('button', { name: 'Create API Key' }).first().click()
        const dialog = page.getByRole('dialog', { name: /Create API Key/ })
        await dialog.getByRole('textbox', { name: /^Name/ }).fill('Dev own key')
        await dialog.getByRole('button', { name: 'Next' }).click()
        assert.equal(await dialog.getByRole('checkbox', { name: /Full access/ }).isDisabled(), true)
        // The presets are the sandbox's, as the docs define them.
        await dialog.getByRole('button', { name: 'Email sending' }).click()
        assert.equal(await dialog.getByRole('checkbox', { name: /Send bulk email \(requires approval\)/ }).isChecked(), true)
        assert.equal(await dialog.getByRole('checkbox', { name: /Read analytics/ }).isChecked(), false)
        await dialog.getByRole('button', { name: 'Read only' }).click()
        for (const p of ['Read campaigns', 'Read contacts', 'Read analytics', 'Read inbox']) {
          assert.equal(await dialog.getByRole('checkbox', { name: new RegExp(p) }).isChecked(), true, p)
        }
        assert.equal(await dialog.getByRole('checkbox', { name: /^Send email/ }).isChecked(), false)
        await dialog.getByRole('button', { name: 'Next' }).click()
        await dialog.getByRole('button', { name: 'Generate API Key' }).click()
        await withSudo(page, page.getByTestId('secret'))
        await closeSecretView(page)
        await cardOf(page, 'Dev own key').getByRole('button', { name: 'Rotate Key' }).waitFor(T)
      } finally {
        await context.close()
      }
    } finally {
      await dev.stop()
    }
  })
})
