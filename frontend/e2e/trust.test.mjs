// Trust in the console (issue #11), end to end with the real binary and a
// real headless Chromium: another local page cannot use the bridge, the
// bridge answers only its own host names with its security headers, the UI
// runs under its CSP, the tester's key goes to the platform only, secrets end
// with the user, and an expired session comes back to the same screen.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import tls from 'node:tls'
import {
  BIN,
  DEMO,
  advanceClock,
  apiCreateKey,
  apiSession,
  launchBrowser,
  openConsole,
  openSignedIn,
  signIn,
  startSandbox,
  startServe,
} from './harness.mjs'

const T = { timeout: 20_000 }
let browser

before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** A plain HTTP server on another loopback port that records every request. */
async function startListener(handler) {
  const seen = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body })
      if (handler) return handler(req, res, body)
      res.writeHead(204)
      res.end()
    })
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${server.address().port}`
  return { origin, seen, close: () => new Promise((r) => server.close(r)) }
}

/** A raw request to the bridge with exactly these headers (Host included). */
function rawRequest(origin, { method = 'POST', path = '/bridge/call/Session/State', headers = {}, body = '[]' } = {}) {
  const u = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, setHost: !('host' in headers) }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }))
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode, headers: res.headers, text: '' })
    })
    req.on('error', reject)
    if (method !== 'GET' && body) req.write(body)
    req.end()
  })
}

describe('another page on this machine cannot use the console', () => {
  let serve
  before(async () => {
    serve = await startServe({})
  })
  after(async () => {
    await serve?.stop()
  })

  test('whatever a page on another port received, replayed against the bridge, gets 403', { timeout: 90_000 }, async () => {
    const consoleOrigin = serve.origin
    const evil = await startListener((req, res) => {
      if (req.url !== '/') {
        res.writeHead(204)
        return res.end()
      }
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(`<!doctype html><html><body>
<iframe id="f" src="${consoleOrigin}/"></iframe>
<img src="${consoleOrigin}/bridge/call/Session/State">
<script>
const out = {}
async function attempt(name, f) { try { out[name] = await f() } catch (e) { out[name] = 'failed: ' + e.message } }
(async () => {
  await attempt('cors', async () => { const r = await fetch('${consoleOrigin}/bridge/call/Session/State', { method: 'POST', credentials: 'include', body: '[]' }); return r.status + ' ' + await r.text() })
  await attempt('no-cors', async () => { const r = await fetch('${consoleOrigin}/bridge/call/Session/State', { method: 'POST', mode: 'no-cors', credentials: 'include', body: '[]' }); return r.type })
  await attempt('ws', () => new Promise((res) => { const ws = new WebSocket('${consoleOrigin.replace('http', 'ws')}/bridge/events'); ws.onopen = () => res('open'); ws.onerror = () => res('error') }))
  await fetch('/report', { method: 'POST', body: JSON.stringify(out) })
})()
</script></body></html>`)
    })
    try {
      // The user has the console open and signed in (the embedded platform),
      // then opens a local dev server's page in the same browser.
      const { context, page } = await openConsole(browser, serve)
      await page.getByRole('navigation', { name: 'Main' }).waitFor(T)
      const other = await context.newPage()
      await other.goto(evil.origin + '/')
      await other.waitForFunction(() => true)
      const deadline = Date.now() + 15_000
      while (!evil.seen.some((r) => r.url === '/report') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const report = JSON.parse(evil.seen.find((r) => r.url === '/report').body)
      assert.notEqual(report.ws, 'open', 'the events websocket opened from another origin')
      assert.ok(!String(report.cors).includes('signed_in'), `the page read the bridge: ${report.cors}`)

      // The console did not render inside the other page's frame.
      for (const f of other.frames()) {
        if (f === other.mainFrame()) continue
        const root = await f.locator('#root').count().catch(() => 0)
        assert.equal(root, 0, `the console rendered in a frame of another origin (${f.url()})`)
      }

      // Replay everything the other server received against the bridge.
      assert.ok(evil.seen.length >= 2)
      for (const r of evil.seen) {
        const headers = { ...r.headers }
        for (const h of ['host', 'content-length', 'connection', 'origin', 'referer', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest']) delete headers[h]
        const call = await rawRequest(consoleOrigin, { headers: { ...headers, 'content-type': 'application/json' } })
        assert.equal(call.status, 403, `replaying ${r.method} ${r.url} (cookie: ${headers.cookie ?? 'none'}) got ${call.status}: ${call.text.slice(0, 200)}`)
        assert.ok(!call.text.includes('demo'), 'the refusal leaks nothing')
        const ws = await rawRequest(consoleOrigin, {
          method: 'GET',
          path: '/bridge/events',
          body: '',
          headers: { ...headers, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', origin: consoleOrigin },
        })
        assert.equal(ws.status, 403, `replaying ${r.url} as a websocket got ${ws.status}`)
      }

      // A new tab of the console (no token, empty sessionStorage) gets the
      // credential from the open tab of the same origin, and works.
      const tab = await context.newPage()
      await tab.goto(consoleOrigin + '/#/usage')
      await tab.getByRole('navigation', { name: 'Main' }).waitFor(T)
      assert.equal(await tab.evaluate(() => sessionStorage.getItem('pm_console_credential')), await page.evaluate(() => sessionStorage.getItem('pm_console_credential')))
      // The token left the first tab's address bar at once.
      assert.ok(!page.url().includes('token='), page.url())
      await context.close()
    } finally {
      await evil.close()
    }
  })

  test('a browser without the link is told to open it', { timeout: 60_000 }, async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(serve.origin + '/')
    await page.getByText('Open the URL that `penguinmails-console serve` printed: it carries a one-time token.').waitFor(T)
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0)
    await context.close()
  })

  test('a rebound host name is refused; the page, assets and bridge answers carry the security headers', { timeout: 60_000 }, async () => {
    const cred = await serve.credential()
    const port = new URL(serve.origin).port
    for (const host of [`evil.example:${port}`, `localhost.evil.example:${port}`]) {
      const call = await rawRequest(serve.origin, { headers: { host, 'content-type': 'application/json', 'x-console-credential': cred } })
      assert.equal(call.status, 403, `bridge call with Host ${host}`)
      const pageRes = await rawRequest(serve.origin, { method: 'GET', path: '/', body: '', headers: { host } })
      assert.equal(pageRes.status, 403, `page with Host ${host}`)
    }
    const ok = await rawRequest(serve.origin, { headers: { host: `localhost:${port}`, 'content-type': 'application/json', 'x-console-credential': cred } })
    assert.equal(ok.status, 200)

    const index = await fetch(serve.origin + '/')
    const html = await index.text()
    const asset = /src="\.?(\/assets\/[^"]+\.js)"/.exec(html)[1]
    const answers = {
      page: index,
      asset: await fetch(serve.origin + asset),
      'bridge answer': await fetch(serve.origin + '/bridge/call/Session/State', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Console-Credential': cred },
        body: '[]',
      }),
      'bridge refusal': await fetch(serve.origin + '/bridge/call/Session/State', { method: 'POST', body: '[]' }),
    }
    assert.equal(answers['bridge answer'].status, 200)
    assert.equal(answers['bridge refusal'].status, 403)
    for (const [name, res] of Object.entries(answers)) {
      const csp = res.headers.get('content-security-policy') ?? ''
      assert.match(csp, /default-src 'self'/, `${name}: CSP`)
      assert.match(csp, /frame-ancestors 'none'/, `${name}: CSP`)
      assert.equal(res.headers.get('x-frame-options'), 'DENY', name)
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', name)
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', name)
      assert.equal(res.headers.get('cache-control'), 'no-store', name)
      assert.equal(res.headers.get('set-cookie'), null, `${name} sets no cookie`)
    }
  })

  test('every screen works under the CSP (no violation), the tester validates its body', { timeout: 120_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    await context.addInitScript(() => {
      window.__csp = []
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    await context.addInitScript(
      ([origin, cred]) => {
        if (location.origin === origin) sessionStorage.setItem('pm_console_credential', cred)
      },
      [serve.origin, await serve.credential()],
    )
    const page = await context.newPage()
    await page.goto(serve.origin + '/')
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.waitFor(T)
    for (const screen of ['Overview', 'API Keys', 'Usage', 'Alerts & Jobs', 'Settings', 'Docs & Tester']) {
      await nav.getByRole('button', { name: screen }).click()
      await page.getByRole('heading', { level: 1 }).first().waitFor(T)
      await page.waitForTimeout(300)
    }
    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
    await page.getByTestId('tester').getByTestId('body-valid').waitFor(T)
    assert.deepEqual(await page.evaluate(() => window.__csp), [])
    await context.close()
  })
})

describe('the tester, secrets and sessions (remote platform with a test clock)', () => {
  let sandbox, serve, listener, admin, created
  before(async () => {
    sandbox = await startSandbox({ testClock: true })
    serve = await startServe({ apiUrl: sandbox.url })
    listener = await startListener()
    admin = await apiSession(sandbox.url)
    created = await apiCreateKey(sandbox.url, admin, { name: 'E2E trust key', permissions: ['read_contacts', 'send_email'] })
  })
  after(async () => {
    await listener?.close()
    await serve?.stop()
    await sandbox?.stop()
  })

  async function testerWithKey(page) {
    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
    const tester = page.getByTestId('tester')
    await tester.waitFor(T)
    await tester.getByTestId('key-picker').click()
    await page.getByRole('option', { name: /E2E trust key/ }).click()
    return tester
  }

  test('a request for another origin goes without the key, and the tester says so before sending', { timeout: 90_000 }, async () => {
    const { context, page } = await openSignedIn(browser, serve, { screen: 'Docs & Tester' })
    const tester = await testerWithKey(page)
    await tester.getByLabel('Key secret').fill(created.secret)
    await tester.getByRole('button', { name: 'Use', exact: true }).click()
    await tester.getByText(/Secret known for this session/).waitFor(T)

    await tester.getByLabel('Method').click()
    await page.getByRole('option', { name: 'GET', exact: true }).click()
    await tester.getByLabel('Path').fill(`${listener.origin}/api/v1/contacts`)
    const notice = tester.getByTestId('foreign-origin')
    await notice.waitFor(T)
    assert.equal(
      (await notice.innerText()).trim(),
      `This request goes to ${listener.origin}, not to your PenguinMails platform: your key is not attached.`,
    )
    await tester.getByRole('button', { name: 'Send Request' }).click()
    await tester.getByTestId('response-status').waitFor(T)
    const got = listener.seen.filter((r) => r.url === '/api/v1/contacts')
    assert.equal(got.length, 1)
    assert.equal(got[0].headers.authorization, undefined, 'the listener received the key')
    assert.ok(!JSON.stringify(got[0]).includes(created.secret.slice(8)))

    // The same request to the platform carries it (and the notice goes).
    await tester.getByLabel('Path').fill('/api/v1/contacts')
    await notice.waitFor({ state: 'detached', ...T })
    await tester.getByRole('button', { name: 'Send Request' }).click()
    await page.waitForFunction(() => /^200/.test(document.querySelector('[data-testid="response-status"]')?.textContent ?? ''), null, T)

    // An imported cURL keeps its own Authorization: shown masked, sent as written.
    const own = 'Bearer my-own-service-token-123456'
    await tester.getByRole('button', { name: 'Import cURL' }).click()
    const box = page.getByLabel('cURL command', { exact: true })
    await box.fill(`curl ${listener.origin}/own -H 'Authorization: ${own}'`)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await box.waitFor({ state: 'hidden', ...T })
    await tester.getByRole('tab', { name: /Headers/ }).first().click()
    const authField = tester.getByLabel('Authorization value', { exact: true })
    assert.equal(await authField.getAttribute('type'), 'password')
    assert.equal(await authField.inputValue(), own)
    await tester.getByText(/The Authorization header you set is sent as written/).waitFor(T)
    await tester.getByRole('button', { name: 'Send Request' }).click()
    const deadline = Date.now() + 10_000
    while (!listener.seen.some((r) => r.url === '/own') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    assert.equal(listener.seen.find((r) => r.url === '/own').headers.authorization, own)

    // A malformed command is refused with what and where; nothing is imported.
    await tester.getByRole('button', { name: 'Import cURL' }).click()
    await box.fill(`curl -X POST ${listener.origin}/bad -d '{"to":"a@b.c"}`)
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    await page.getByText(/^Unclosed ' quote at character \d+$/).waitFor(T)
    await page.getByRole('button', { name: 'Cancel' }).click()
    assert.equal(await tester.getByLabel('Path').inputValue(), `${listener.origin}/own`)
    await context.close()
  })

  test('signing out wipes the tester’s secrets: support signing in after the admin sees none', { timeout: 90_000 }, async () => {
    const { context, page } = await openSignedIn(browser, serve, { screen: 'Docs & Tester', permissions: ['clipboard-read', 'clipboard-write'] })
    let tester = await testerWithKey(page)
    await tester.getByLabel('Key secret').fill(created.secret)
    await tester.getByRole('button', { name: 'Use', exact: true }).click()
    await tester.getByText(/Secret known for this session/).waitFor(T)

    await page.getByRole('button', { name: 'Account' }).click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await signIn(page, { email: DEMO.support })
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.waitFor(T)
    await nav.getByRole('button', { name: 'Docs & Tester' }).click()
    tester = await testerWithKey(page)
    await tester.getByLabel('Key secret').waitFor(T)
    assert.equal(await tester.getByText(/Secret known for this session/).count(), 0)
    const curl = await tester.getByTestId('snippet-curl').innerText()
    assert.match(curl, /pm_live_YOUR_API_KEY/)
    // Copy gives code without the admin's secret.
    await tester.getByRole('button', { name: 'Copy cURL snippet' }).click()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(copied, /pm_live_YOUR_API_KEY/)
    assert.ok(!copied.includes(created.secret), 'Copy gave the previous user’s secret')
    const html = await page.content()
    assert.ok(!html.includes(created.secret), 'the secret is still on the page')
    assert.ok(!html.includes(created.secret.slice(0, 12) + '…') && !html.includes(created.key.masked_key.replace('...', '…') + ')'))
    await context.close()
  })

  test('an expired session goes to sign-in, then back to the same screen with its draft', { timeout: 120_000 }, async () => {
    const { context, page } = await openSignedIn(browser, serve, { screen: 'Docs & Tester' })
    // Whoever the console is signed in as (an earlier test may have left
    // support): the drafts come back for the same user only.
    let email = /[\w.-]+@demo\.penguinmails\.test/.exec(await page.getByTestId('current-user').innerText())[0]
    const tester = await testerWithKey(page)
    await tester.getByLabel('Path').fill('/api/v1/contacts/draft-kept')
    await page.waitForTimeout(500)

    await advanceClock(sandbox.url, 13 * 3600) // sessions last 12 h
    await tester.getByLabel('Path').fill('/api/v1/contacts/draft-kept-2') // asks the platform about the key
    const expired = page.getByTestId('session-expired')
    await expired.waitFor(T)
    assert.equal((await expired.innerText()).trim(), 'Your session expired. Sign in again.')
    assert.equal(await page.getByTestId('connection-bar').count(), 0, 'the header still shows a signed-in user')

    await signIn(page, { email })
    await page.getByTestId('tester').waitFor(T)
    assert.match(page.url(), /#\/docs/)
    assert.equal(await page.getByTestId('tester').getByLabel('Path').inputValue(), '/api/v1/contacts/draft-kept-2')

    // The create wizard's fields come back the same way (admins and
    // developers create keys; support cannot).
    if (email === DEMO.support) {
      await page.getByRole('button', { name: 'Account' }).click()
      await page.getByRole('menuitem', { name: 'Sign out' }).click()
      email = DEMO.admin
      await signIn(page, { email })
    }
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'API Keys' }).click()
    await page.getByRole('button', { name: 'Create API Key' }).click()
    await page.getByLabel('Name', { exact: false }).first().fill('Draft from before expiry')
    await advanceClock(sandbox.url, 13 * 3600)
    // The keys list asks the platform again on focus, or within its 30 s refresh.
    await page.evaluate(() => {
      window.dispatchEvent(new Event('focus'))
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await expired.waitFor({ timeout: 45_000 })
    await signIn(page, { email })
    await page.getByRole('dialog').waitFor(T)
    assert.equal(await page.getByLabel('Name', { exact: false }).first().inputValue(), 'Draft from before expiry')
    await context.close()
  })
})

/** The first non-loopback IPv4 address of this machine. */
function machineAddress() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  throw new Error('this machine has no non-loopback IPv4 address to serve remotely on')
}

/** The SHA-256 fingerprint of the certificate served at host:port, as printed. */
function servedFingerprint(host, port) {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host, port, rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate().fingerprint256)
      s.end()
    })
    s.on('error', reject)
  })
}

describe('remote use: HTTPS on a non-loopback address, the tester kept to the platform', () => {
  let serve, listener
  const address = machineAddress()
  before(async () => {
    listener = await startListener()
    serve = await startServe({ addr: `${address}:0`, extra: ['--allow-remote'] })
  })
  after(async () => {
    await serve?.stop()
    await listener?.close()
  })

  test('serves HTTPS only, prints the warning and the certificate fingerprint, refuses loopback targets in the tester', { timeout: 90_000 }, async () => {
    const u = new URL(serve.url)
    assert.equal(u.protocol, 'https:')
    assert.equal(u.hostname, address)
    assert.ok(serve.output.some((l) => l.startsWith('WARNING: this console is served to the network')), serve.output.join('\n'))
    const printed = serve.output.find((l) => l.includes('SHA-256 fingerprint'))
    assert.ok(printed, serve.output.join('\n'))
    assert.equal(printed.split('SHA-256 fingerprint ')[1], await servedFingerprint(address, u.port))
    // Plain HTTP gets no console: Go's TLS server only says to use HTTPS.
    const plain = await fetch(`http://${address}:${u.port}/`)
    assert.equal(plain.status, 400)
    assert.match(await plain.text(), /HTTP request to an HTTPS server/)

    const { context, page } = await openConsole(browser, serve, { contextOptions: { ignoreHTTPSErrors: true } })
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.waitFor(T)
    await nav.getByRole('button', { name: 'Docs & Tester' }).click()
    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
    const tester = page.getByTestId('tester')
    await tester.waitFor(T)
    await tester.getByLabel('Method').click()
    await page.getByRole('option', { name: 'GET', exact: true }).click()

    // The platform itself is reachable (no key: it answers 401)...
    await tester.getByLabel('Path').fill('/api/v1/contacts')
    await tester.getByRole('button', { name: 'Send Request' }).click()
    await page.waitForFunction(() => /^401/.test(document.querySelector('[data-testid="response-status"]')?.textContent ?? ''), null, T)
    // ...a service on this machine's loopback is not, and the tester says why.
    await tester.getByLabel('Path').fill(`${listener.origin}/admin`)
    await tester.getByRole('button', { name: 'Send Request' }).click()
    const err = tester.getByTestId('send-error')
    await err.waitFor(T)
    assert.equal(
      (await err.innerText()).trim(),
      `This console is served to the network, so its tester does not reach loopback, private, link-local or unspecified addresses other than the platform: ${new URL(listener.origin).host} is a loopback address.`,
    )
    assert.equal(listener.seen.length, 0, 'the loopback service was reached')
    await context.close()
  })
})

describe('no clear-text credentials by accident', () => {
  test('an http:// --api-url to another machine is refused in one line; with --insecure-http the bar says "Not encrypted"', { timeout: 90_000 }, async () => {
    const address = machineAddress()
    const sandbox = await startSandbox({ addr: `${address}:0` })
    try {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'pm-refused-'))
      const refused = spawnSync(BIN, ['serve', '--addr', '127.0.0.1:0', '--data-dir', dir, '--api-url', sandbox.url], {
        encoding: 'utf8',
        timeout: 20_000,
      })
      rmSync(dir, { recursive: true, force: true })
      assert.equal(refused.status, 1)
      const lines = refused.stderr.trim().split('\n')
      assert.equal(lines.length, 1, refused.stderr)
      assert.match(lines[0], /plain HTTP to another machine: passwords and session tokens would cross the network unencrypted; use https:\/\/, or pass --insecure-http/)

      const serve = await startServe({ apiUrl: sandbox.url, extra: ['--insecure-http'] })
      try {
        const { context, page } = await openSignedIn(browser, serve)
        const badge = page.getByTestId('not-encrypted')
        await badge.waitFor(T)
        assert.equal((await badge.textContent()).trim(), 'Not encrypted')
        await context.close()
      } finally {
        await serve.stop()
      }
    } finally {
      await sandbox.stop()
    }
  })
})
