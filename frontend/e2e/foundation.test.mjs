// Issue 2, end to end: the console in serve mode, driven in headless Chromium,
// against the embedded platform and against a separate sandbox (--api-url).
// Nothing is mocked; the expected words and limits are read from the platform.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import {
  BIN,
  DEMO,
  DEMO_PASSWORD,
  SCREENS,
  api,
  apiCreateKey,
  apiSession,
  launchBrowser,
  openConsole,
  startSandbox,
  startServe,
} from './harness.mjs'

const T = { timeout: 30_000 }
let browser

before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

const mainNav = (page) => page.getByRole('navigation', { name: 'Main' })

/** Fills the sign-in form by its exact labels. */
async function submitSignIn(page, email, password) {
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

async function signOutFromSettings(page) {
  await mainNav(page).getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(T)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('button', { name: 'Sign in' }).waitFor(T)
}

describe('embedded platform (serve without --api-url)', () => {
  let serve
  before(async () => {
    serve = await startServe({})
  })
  after(async () => {
    await serve?.stop()
  })

  test('opens signed in as the demo admin, on Overview with the plan’s rate-limit status', async () => {
    const { context, page } = await openConsole(browser, serve)
    try {
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor(T)

      const labels = await mainNav(page).getByRole('button').allTextContents()
      assert.deepEqual(labels, SCREENS)

      const bar = page.getByTestId('connection-bar')
      await bar.getByText('Embedded sandbox').waitFor(T)
      await bar.getByText('Online').waitFor(T)
      assert.match(await page.getByTestId('connection-url').textContent(), /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.match(await page.getByTestId('current-user').textContent(), /admin@demo\.penguinmails\.test.*Admin/)

      // The demo tenant is on the professional plan: 300 requests a minute.
      const indicator = page.getByTestId('rate-limit-indicator')
      await indicator.getByText('Professional plan').waitFor(T)
      assert.match(await page.getByTestId('rate-limit-usage').textContent(), /^[\d,]+ \/ 300 \(\d+%\)$/)
      assert.match(await indicator.textContent(), /Burst: up to 500 requests at once/)

      await page.getByTestId('quick-start').getByRole('button', { name: 'Create API Key' }).waitFor(T)
    } finally {
      await context.close()
    }
  })

  test('keeps the theme chosen in Settings (in Go, not just this browser)', async () => {
    const scheme = (page) => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'))
    const first = await openConsole(browser, serve)
    try {
      await first.page.emulateMedia({ colorScheme: 'light' })
      await mainNav(first.page).getByRole('button', { name: 'Settings' }).click()
      await first.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor(T)
      await first.page.getByText('Dark', { exact: true }).click()
      await first.page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark')
    } finally {
      await first.context.close()
    }
    // A fresh browser context has no local storage: the choice must come from Go.
    const second = await openConsole(browser, serve)
    try {
      await second.page.emulateMedia({ colorScheme: 'light' })
      await second.page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor(T)
      await second.page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark', null, T)
      assert.equal(await scheme(second.page), 'dark')
    } finally {
      await second.context.close()
    }
  })

  test('Settings → About shows the version and commit --version prints', async () => {
    const [, version, commit] = execFileSync(BIN, ['--version'], { encoding: 'utf8' }).match(/^penguinmails-console (\S+) \(commit (\S+),/)
    const { context, page } = await openConsole(browser, serve)
    try {
      await mainNav(page).getByRole('button', { name: 'Settings' }).click()
      await page.getByRole('button', { name: 'About PenguinMails Developer Console' }).click()
      const dialog = page.getByRole('dialog', { name: 'About' })
      await dialog.getByTestId('about-version').waitFor(T)
      assert.equal(await dialog.getByTestId('about-version').textContent(), version)
      assert.equal(await dialog.getByTestId('about-commit').textContent(), commit)
    } finally {
      await context.close()
    }
  })

  test('signs out from Settings', async () => {
    const { context, page } = await openConsole(browser, serve)
    try {
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor(T)
      await signOutFromSettings(page)
      await page.getByLabel('Email', { exact: true }).waitFor(T)
      // Signed out in Go, not just on screen: a reload still asks to sign in.
      await page.reload()
      await page.getByRole('button', { name: 'Sign in' }).waitFor(T)
    } finally {
      await context.close()
    }
  })
})

describe('remote platform (--api-url) through the sign-in form', () => {
  let sandbox, serve
  before(async () => {
    // A starter-plan tenant, so the limit on screen can only come from the platform.
    sandbox = await startSandbox({ plan: 'starter' })
    serve = await startServe({ apiUrl: sandbox.url })
  })
  after(async () => {
    await serve?.stop()
    await sandbox?.stop()
  })

  test('a wrong password shows the platform’s message', async () => {
    const direct = await api(sandbox.url, 'POST', '/auth/login', { body: { email: DEMO.developer, password: 'not-the-password' } })
    assert.equal(direct.status, 401)
    assert.equal(direct.json.error, 'invalid_credentials')

    const { context, page } = await openConsole(browser, serve)
    try {
      await submitSignIn(page, DEMO.developer, 'not-the-password')
      const alert = page.getByRole('alert')
      await alert.waitFor(T)
      assert.equal((await alert.textContent()).trim(), direct.json.message)
      assert.equal(await mainNav(page).count(), 0)
    } finally {
      await context.close()
    }
  })

  test('signs in, shows Overview with the plan’s rate limit, and signs out', async () => {
    const { context, page } = await openConsole(browser, serve)
    try {
      await page.getByText(sandbox.url).waitFor(T) // the form says where it signs in to
      await submitSignIn(page, DEMO.admin, DEMO_PASSWORD)
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor(T)

      const bar = page.getByTestId('connection-bar')
      await bar.getByText('Remote platform').waitFor(T)
      assert.equal(await page.getByTestId('connection-url').textContent(), sandbox.url)

      await page.getByTestId('rate-limit-indicator').getByText('Starter plan').waitFor(T)
      assert.match(await page.getByTestId('rate-limit-usage').textContent(), /^[\d,]+ \/ 60 \(\d+%\)$/)

      await signOutFromSettings(page)
      await page.reload()
      await page.getByRole('button', { name: 'Sign in' }).waitFor(T)
    } finally {
      await context.close()
    }
  })
})

describe('Overview warns about keys that expire within 7 days', () => {
  let sandbox, serve
  before(async () => {
    sandbox = await startSandbox({})
    serve = await startServe({ apiUrl: sandbox.url })
  })
  after(async () => {
    await serve?.stop()
    await sandbox?.stop()
  })

  test('one warning per key expiring soon; Extend expiry extends it and the warning clears', async () => {
    const session = await apiSession(sandbox.url)
    const day = 86_400_000
    const soon = await apiCreateKey(sandbox.url, session, {
      name: 'Expires soon',
      expires_at: new Date(Date.now() + 3 * day + 3_600_000).toISOString(),
    })
    await apiCreateKey(sandbox.url, session, { name: 'Expires later', expires_at: new Date(Date.now() + 30 * day).toISOString() })

    const { context, page } = await openConsole(browser, serve)
    try {
      await submitSignIn(page, DEMO.admin, DEMO_PASSWORD)
      const warnings = page.getByTestId('expiry-warnings')
      await warnings.getByText('"Expires soon" expires in 3 days').waitFor(T)
      assert.equal(await warnings.getByText(/Expires later/).count(), 0)
      // "Extend expiry" does what it says: the Edit key dialog opens on
      // Expiry, a later date is saved, and the warning is gone.
      await warnings.getByRole('button', { name: 'Extend expiry' }).click()
      const dialog = page.getByRole('dialog', { name: /Edit key “Expires soon”/ })
      await dialog.waitFor(T)
      await dialog.getByText('365 days', { exact: true }).click()
      await dialog.getByRole('button', { name: 'Save changes' }).click()
      const pw = page.getByLabel('Password', { exact: true })
      await pw.waitFor(T)
      await pw.fill(DEMO_PASSWORD)
      await pw.press('Enter')
      await page.getByText('Key updated').first().waitFor(T)
      const after = await api(sandbox.url, 'GET', `/platform/api-keys/${soon.key.key_id}`, { token: session.token })
      assert.ok(Date.parse(after.json.expires_at) > Date.now() + 300 * day, after.json.expires_at)
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview' }).click()
      await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor(T)
      await page.waitForTimeout(500)
      assert.equal(await page.getByText('"Expires soon" expires in 3 days').count(), 0)
    } finally {
      await context.close()
    }
  })
})

describe('browser mode is guarded by its one-time token', () => {
  let serve
  before(async () => {
    serve = await startServe({})
  })
  after(async () => {
    await serve?.stop()
  })

  test('a bridge call without the credential is refused (403); a cookie authorizes nothing', async () => {
    const call = (headers = {}) =>
      fetch(`${serve.origin}/bridge/call/Session/State`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: '[]',
      })
    const cred = await serve.credential()
    assert.equal((await call()).status, 403)
    assert.equal((await call({ 'X-Console-Credential': 'forged' })).status, 403)
    assert.equal((await call({ Cookie: `pm_console_${new URL(serve.origin).port}=${cred}` })).status, 403)

    const ok = await call({ 'X-Console-Credential': cred })
    assert.equal(ok.status, 200)
    assert.equal(typeof (await ok.json()).result.signed_in, 'boolean')
  })

  test('an events websocket from another origin is refused (403)', async () => {
    const cred = await serve.credential()
    const status = (origin) =>
      new Promise((resolve, reject) => {
        const u = new URL(`${serve.origin}/bridge/events`)
        const req = http.request({
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          headers: {
            Connection: 'Upgrade',
            Upgrade: 'websocket',
            'Sec-WebSocket-Version': '13',
            'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            Origin: origin,
            'Sec-WebSocket-Protocol': `pm-console, pm-credential.${cred}`,
          },
        })
        req.on('upgrade', (res, socket) => {
          socket.destroy()
          resolve(res.statusCode)
        })
        req.on('response', (res) => {
          res.resume()
          resolve(res.statusCode)
        })
        req.on('error', reject)
        req.end()
      })
    assert.equal(await status('http://evil.example'), 403)
    assert.equal(await status(serve.origin), 101)
  })
})
