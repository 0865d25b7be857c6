// Docs & Tester, end to end: serve mode against a real sandbox, in headless
// Chromium. Open an endpoint in the reference, send it from the tester with
// a real key, see the answer with its rate-limit headers, copy the Python
// snippet and read it back from the clipboard. SCREENSHOTS=dir saves views.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { api, apiCreateKey, apiSession, launchBrowser, openSignedIn, startSandbox, startServe } from './harness.mjs'

const T = { timeout: 20_000 }
let sandbox, serve, browser

before(async () => {
  sandbox = await startSandbox()
  serve = await startServe({ apiUrl: sandbox.url })
  browser = await launchBrowser()
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

async function docsPage({ permissions = [], colorScheme = 'light' } = {}) {
  const { context, page } = await openSignedIn(browser, serve, { permissions, screen: 'Docs & Tester' })
  await page.emulateMedia({ colorScheme })
  await page.getByTestId('docs-sidebar').waitFor(T)
  return { context, page }
}

test('open an endpoint, send it with a key, see 2xx and the rate-limit headers, copy the Python snippet', { timeout: 90_000 }, async () => {
  const session = await apiSession(sandbox.url)
  const { secret, key } = await apiCreateKey(sandbox.url, session, { name: 'E2E tester key', permissions: ['send_email'] })
  const { context, page } = await docsPage({ permissions: ['clipboard-read', 'clipboard-write'] })
  await shot(page, 'docs-getting-started')

  // The reference: POST /emails/send with its permission, fields and answers.
  await page.locator('[data-endpoint^="POST "][data-endpoint$="/emails/send"]').click()
  const view = page.getByTestId('endpoint-view')
  await view.waitFor(T)
  await view.getByText('Requires send_email').waitFor(T)
  await view.getByText('Request body').first().waitFor(T)
  await view.getByRole('cell', { name: /^to\b/ }).first().waitFor(T)
  assert.match(await view.getByTestId('responses').innerText(), /403/)
  await shot(page, 'docs-endpoint')

  // Search finds it too.
  await page.getByLabel('Search endpoints').fill('send email')
  await page.locator('[data-endpoint^="POST "][data-endpoint$="/emails/send"]').waitFor(T)
  await page.getByLabel('Clear search').click()

  // The tester, with the key picked and its secret pasted once.
  await view.getByRole('button', { name: 'Try it' }).click()
  const tester = page.getByTestId('tester')
  await tester.waitFor(T)
  await tester.getByTestId('key-picker').click()
  await page.getByRole('option', { name: new RegExp(`E2E tester key · ${key.masked_key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click()
  await tester.getByLabel('Key secret').fill(secret)
  await tester.getByRole('button', { name: 'Use', exact: true }).click()
  await tester.getByText(/Secret known for this session/).waitFor(T)
  // The example body is valid against the schema; a body without "to" is not.
  await tester.getByTestId('body-valid').waitFor(T)

  await tester.getByRole('button', { name: 'Send Request' }).click()
  const status = tester.getByTestId('response-status')
  await status.waitFor(T)
  assert.match(await status.innerText(), /^20[02]/)
  const body = JSON.parse(await tester.getByTestId('response-body').innerText())
  assert.equal(body.status, 'queued')
  assert.match(await tester.getByTestId('response-time').innerText(), /ms|s$/)
  assert.match(await tester.getByTestId('response-ttfb').innerText(), /ms|s$/)
  await tester.getByRole('tab', { name: /Headers \(\d+\)/ }).last().click()
  const headers = await tester.getByTestId('response-headers').innerText()
  for (const h of ['X-Ratelimit-Limit', 'X-Ratelimit-Remaining', 'X-Ratelimit-Reset']) assert.match(headers, new RegExp(h, 'i'))
  // The email really exists on the platform.
  const check = await api(sandbox.url, 'GET', `/emails/${body.id}`, { key: secret })
  assert.equal(check.status, 200)

  // History kept it, with the key masked.
  await page.getByTestId('sidebar-tabs').getByText('History').click()
  const history = page.getByTestId('history')
  await history.getByText(key.masked_key).first().waitFor(T)
  await shot(page, 'tester-response')

  // Copy the Python snippet: the clipboard holds code that runs, with the key.
  const snippet = tester.getByTestId('code-snippet')
  await snippet.getByRole('tab', { name: 'Python' }).click()
  const shown = await snippet.getByTestId('snippet-python').innerText()
  assert.ok(!shown.includes(secret), 'the snippet shows the key masked')
  assert.ok(shown.includes(key.masked_key))
  await snippet.getByRole('button', { name: 'Copy Python snippet' }).click()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  assert.match(copied, /^import requests/)
  assert.ok(copied.includes(secret), 'the copied snippet carries the real key')
  assert.ok(copied.includes(`${sandbox.url}/api/v1/emails/send`))
  assert.match(copied, /requests\.post\(/)

  // Copy the cURL snippet and import it: the tester fills itself in.
  await snippet.getByRole('tab', { name: 'cURL' }).click()
  await snippet.getByRole('button', { name: 'Copy cURL snippet' }).click()
  const curl = await page.evaluate(() => navigator.clipboard.readText())
  await tester.getByLabel('Path').fill('/api/v1/contacts')
  await tester.getByRole('button', { name: 'Import cURL' }).click()
  await page.getByLabel('cURL command', { exact: true }).fill(curl)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await page.getByLabel('cURL command', { exact: true }).waitFor({ state: 'hidden', ...T })
  assert.equal(await tester.getByLabel('Path').inputValue(), '/api/v1/emails/send')
  assert.match(await tester.getByTestId('json-editor').innerText(), /"to": "ada@example.com"/)
  // Go read the key in it: the header stays as written (masked on screen).
  await tester.getByRole('tab', { name: /Headers/ }).first().click()
  const auth = tester.getByLabel('Authorization value', { exact: true })
  assert.equal(await auth.getAttribute('type'), 'password')
  assert.equal(await auth.inputValue(), `Bearer ${secret}`)
  // The same command with the key masked, as a log shows it: it can never
  // authenticate, so Go drops that header and the picked key is sent.
  await tester.getByRole('button', { name: 'Import cURL' }).click()
  await page.getByLabel('cURL command', { exact: true }).fill(curl.replaceAll(secret, key.masked_key))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await page.getByLabel('cURL command', { exact: true }).waitFor({ state: 'hidden', ...T })
  await auth.waitFor({ state: 'detached', ...T })
  await tester.getByRole('button', { name: 'Send Request' }).click()
  await page.waitForFunction(() => /^202/.test(document.querySelector('[data-testid="response-status"]')?.textContent ?? ''), null, T)

  // A history entry reopens into the tester with its answer.
  await tester.getByLabel('Path').fill('/api/v1/contacts')
  await history.locator('[data-history-id]').first().click()
  await page.waitForFunction(() => document.querySelector('[aria-label="Path"]')?.value === '/api/v1/emails/send', null, T)
  assert.match(await tester.getByTestId('response-status').innerText(), /^202/)
  await context.close()
})

test('a key without the permission is warned about before sending', { timeout: 60_000 }, async () => {
  const session = await apiSession(sandbox.url)
  const { key } = await apiCreateKey(sandbox.url, session, { name: 'E2E reader key', permissions: ['read_contacts'] })
  const { context, page } = await docsPage({ colorScheme: 'dark' })
  await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
  const tester = page.getByTestId('tester')
  await tester.waitFor(T)
  await tester.getByTestId('key-picker').click()
  await page.getByRole('option', { name: /E2E reader key/ }).click()
  const warning = tester.locator('[data-code="insufficient_permissions"]')
  await warning.waitFor(T)
  assert.match(await warning.innerText(), /lacks the send_email permission/)
  await shot(page, 'tester-warning-dark')

  // "Try in Tester" on the keys screen preselects the key.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'API Keys' }).click()
  const card = page.getByTestId('api-key-card').filter({ has: page.getByText('E2E reader key', { exact: true }) })
  await card.getByRole('button', { name: 'Try in Tester' }).click()
  await page.getByTestId('tester').waitFor(T)
  assert.match(await page.getByTestId('key-picker').inputValue(), new RegExp(`E2E reader key · ${key.masked_key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  // ...on an endpoint that key may call, so nothing warns.
  await page.waitForFunction(() => document.querySelector('[aria-label="Path"]')?.value === '/api/v1/contacts', null, T)
  assert.equal(await page.getByTestId('tester').getByLabel('Method').inputValue(), 'GET')
  await page.waitForTimeout(800) // the warnings check is debounced 300 ms
  assert.equal(await page.locator('[data-code="insufficient_permissions"]').count(), 0)
  await context.close()
})

test("a 429 in the tester offers 'View plans →' to the answer's upgrade_url, opened outside the console", { timeout: 90_000 }, async () => {
  // A Starter tenant (bursts of 100) on a standing clock: once its burst is
  // spent, nothing refills it, so the tester's request is refused for sure.
  const starter = await startSandbox({ testClock: true, plan: 'starter' })
  const console2 = await startServe({ apiUrl: starter.url })
  try {
    const session = await apiSession(starter.url)
    const { secret } = await apiCreateKey(starter.url, session, { name: 'E2E busy key', permissions: ['read_contacts'] })
    const { context, page } = await openSignedIn(browser, console2, { screen: 'API Keys' })
    try {
      const card = page.getByTestId('api-key-card').filter({ has: page.getByText('E2E busy key', { exact: true }) })
      await card.getByRole('button', { name: 'Try in Tester' }).click()
      const tester = page.getByTestId('tester')
      await tester.waitFor(T)
      await page.waitForFunction(() => document.querySelector('[aria-label="Path"]')?.value === '/api/v1/contacts', null, T)
      await tester.getByLabel('Key secret').fill(secret)
      await tester.getByRole('button', { name: 'Use', exact: true }).click()
      await tester.getByText(/Secret known for this session/).waitFor(T)

      let refused = null
      for (let i = 0; i < 150 && !refused; i++) {
        const r = await api(starter.url, 'GET', '/contacts', { key: secret })
        if (r.status === 429) refused = r
      }
      assert.ok(refused, 'the burst was never spent')
      const upgradeURL = refused.json.upgrade_url
      assert.match(upgradeURL, /^https?:\/\//)
      // The plans page is on the internet, which the test has not: answer it here.
      await context.route(`${new URL(upgradeURL).origin}/**`, (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<title>Plans</title>' }))

      await tester.getByRole('button', { name: 'Send Request' }).click()
      await tester.getByTestId('response-status').waitFor(T)
      assert.match(await tester.getByTestId('response-status').innerText(), /^429/)
      const note = tester.getByTestId('upgrade-note')
      await note.waitFor(T)
      const link = note.getByRole('link', { name: 'View plans →' })
      assert.equal(await link.getAttribute('href'), upgradeURL)
      const [plans] = await Promise.all([context.waitForEvent('page', T), link.click()])
      await plans.waitForLoadState('domcontentloaded').catch(() => {})
      assert.equal(plans.url(), upgradeURL)
      assert.ok(page.url().startsWith(console2.origin), 'the console itself did not navigate away')
      await plans.close()
    } finally {
      await context.close()
    }
  } finally {
    await console2.stop()
    await starter.stop()
  }
})

/**
 * A pass-through to the sandbox (HTTP and websocket upgrades) that can hand
 * out a second version of openapi.json: the platform publishing a new
 * document, which a real sandbox does not do on its own.
 */
async function docVersionProxy(target) {
  const to = new URL(target)
  const state = { next: false }
  const server = http.createServer((req, res) => {
    const doc = req.url.split('?')[0].endsWith('openapi.json')
    const headers = { ...req.headers, host: to.host }
    if (doc) delete headers['accept-encoding'] // to edit the body as text
    const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers }, (r) => {
      if (!doc || !state.next || r.statusCode !== 200) {
        res.writeHead(r.statusCode, r.headers)
        r.pipe(res)
        return
      }
      const parts = []
      r.on('data', (c) => parts.push(c))
      r.on('end', () => {
        const d = JSON.parse(Buffer.concat(parts).toString('utf8'))
        d.info.version = `${d.info.version}-next`
        d.paths['/e2e/new-thing'] = { get: { operationId: 'e2eNewThing', summary: 'A new thing', responses: { 200: { description: 'OK' } } } }
        const body = Buffer.from(JSON.stringify(d))
        const h = { ...r.headers, 'content-length': String(body.length) }
        delete h.etag
        res.writeHead(200, h)
        res.end(body)
      })
    })
    up.on('error', () => res.destroy())
    req.pipe(up)
  })
  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(Number(to.port), to.hostname, () => {
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${Object.entries({ ...req.headers, host: to.host }).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`)
      up.write(head)
      up.pipe(socket)
      socket.pipe(up)
    })
    up.on('error', () => socket.destroy())
    socket.on('error', () => up.destroy())
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${server.address().port}`, state, stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r) }) }
}

test('the Changelog (Getting started) lists what changed between two document versions the console saw', { timeout: 90_000 }, async () => {
  const proxy = await docVersionProxy(sandbox.url)
  const console2 = await startServe({ apiUrl: proxy.url })
  try {
    const { context, page } = await openSignedIn(browser, console2, { screen: 'Docs & Tester' })
    try {
      await page.getByTestId('docs-sidebar').waitFor(T)
      const open = async () => {
        await page.getByTestId('docs-sidebar').getByText('Changelog', { exact: true }).click()
        const log = page.getByTestId('changelog')
        await log.waitFor(T)
        return log
      }
      // One version seen: nothing to compare yet.
      assert.match(await (await open()).innerText(), /Only one version of the API document has been seen so far/)

      // The platform publishes a new document; the console fetches it when Docs opens again.
      proxy.state.next = true
      await page.reload()
      await page.getByTestId('docs-sidebar').waitFor(T)
      await page.locator('[data-endpoint="GET /e2e/new-thing"], [data-endpoint$="/e2e/new-thing"]').first().waitFor(T)
      const log = await open()
      const entry = log.locator('.mantine-Paper-root').first()
      await entry.getByRole('heading', { name: /→ .*-next$/ }).waitFor(T)
      assert.match(await entry.innerText(), /Added operation GET \/e2e\/new-thing/)
      assert.match(await entry.innerText(), /Seen /)
    } finally {
      await context.close()
    }
  } finally {
    await console2.stop()
    await proxy.stop()
  }
})

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]) {
  test(`at ${viewport.width}×${viewport.height} the answer is in view when it lands, sent with Ctrl+Enter from the editor; the tester survives other screens`, { timeout: 90_000 }, async () => {
    const session = await apiSession(sandbox.url)
    const { secret, key } = await apiCreateKey(sandbox.url, session, { name: `E2E layout ${viewport.width}`, permissions: ['send_email', 'read_contacts'] })
    const { context, page } = await docsPage()
    await page.setViewportSize(viewport)
    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
    const tester = page.getByTestId('tester')
    await tester.waitFor(T)
    await tester.getByTestId('key-picker').click()
    await page.getByRole('option', { name: new RegExp(`E2E layout ${viewport.width}`) }).click()
    await tester.getByLabel('Key secret').fill(secret)
    await tester.getByRole('button', { name: 'Use', exact: true }).click()
    await tester.getByText(/Secret known for this session/).waitFor(T)

    // The whole path is readable: nothing scrolls out of the field.
    const path = tester.getByLabel('Path')
    await path.fill('/api/v1/analytics/campaigns/cmp_0123456789abcdef/unknown-segment')
    // (the field grows to fit as it is typed in; give it a frame)
    const fits = await page
      .waitForFunction(() => {
        const el = document.querySelector('[aria-label="Path"]')
        return el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1
      }, null, { timeout: 3_000 })
      .then(() => true, () => false)
    assert.ok(fits, `the path field shows the whole path: ${await path.evaluate((el) => JSON.stringify([el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]))}`)
    await path.fill('/api/v1/emails/send')

    // Ctrl+Enter inside the body editor sends and adds no line.
    const editor = tester.locator('[data-testid="json-editor"] .cm-content')
    const before = await editor.innerText()
    await editor.click()
    await page.keyboard.press('Control+Enter')
    const answer = tester.getByTestId('response')
    await answer.waitFor(T)
    assert.match(await tester.getByTestId('response-status').innerText(), /^202/)
    assert.equal(await editor.innerText(), before, 'Ctrl+Enter added nothing to the body')
    // In view on arrival, without the user scrolling.
    await page.waitForFunction(
      () => {
        const r = document.querySelector('[data-testid="response-status"]')?.getBoundingClientRect()
        return r && r.top >= 0 && r.bottom <= window.innerHeight
      },
      null,
      T,
    )
    if (viewport.width >= 1280) assert.equal(await tester.getByTestId('tester-split').getAttribute('data-layout'), 'side-by-side')
    // The rate-limit headers in words.
    assert.match(await tester.getByTestId('rate-limit-explained').innerText(), /requests per minute, sustained/)
    await shot(page, `tester-answer-${viewport.width}`)

    // Another screen and back: the same request, key and answer.
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Usage' }).click()
    await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor(T)
    await nav.getByRole('button', { name: 'Docs & Tester' }).click()
    await tester.getByTestId('response-status').waitFor(T)
    assert.equal(await tester.getByLabel('Path').inputValue(), '/api/v1/emails/send')
    assert.match(await tester.getByTestId('key-picker').inputValue(), new RegExp(`E2E layout ${viewport.width}`))

    // The reference's examples carry the picked key, masked.
    await page.locator('.mantine-SegmentedControl-label', { hasText: 'Reference' }).click()
    await page.locator('[data-endpoint^="GET "][data-endpoint$="/contacts"]').first().click()
    // The mask comes from Go (Keys.Mask), so the example is read once it has arrived.
    const snippet = page.getByTestId('endpoint-view').getByTestId('snippet-curl')
    await snippet.filter({ hasText: key.masked_key }).waitFor(T).catch(() => {})
    const example = await snippet.innerText()
    assert.ok(example.includes(key.masked_key), 'the example shows the picked key masked')
    assert.ok(!example.includes(secret) && !example.includes('YOUR_API_KEY'))
    await context.close()
  })
}

// Last: it stops the platform.
test('the quick start opens the SDKs & Libraries page (install tabs, greyed, not published yet) and the Webhooks page', { timeout: 60_000 }, async () => {
  const { context, page } = await openSignedIn(browser, serve, { screen: 'Overview' })
  try {
    const qs = page.getByTestId('quick-start')
    await qs.getByText('2. Install an SDK').waitFor(T)
    assert.equal(await qs.getByText('Optional').count(), 2)
    await qs.getByRole('button', { name: 'SDKs & Libraries' }).click()
    const sdks = page.getByTestId('sdks')
    await sdks.waitFor(T)
    for (const tab of ['Node.js (npm)', 'Python (pip)', 'Composer']) {
      await sdks.getByRole('tab', { name: new RegExp(tab.replace(/[()]/g, '\\$&'), 'i') }).click()
      await sdks.getByRole('tabpanel').getByText('Not published yet').waitFor(T)
    }
    assert.equal(await sdks.locator('[aria-disabled="true"]:visible').count(), 1)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview' }).click()
    await page.getByTestId('quick-start').getByRole('button', { name: 'Webhooks' }).click()
    const hooks = page.getByTestId('webhooks')
    await hooks.waitFor(T)
    await hooks.getByText('Webhooks are configured in the PenguinMails dashboard').waitFor(T)
    assert.equal(await hooks.getByRole('link').count(), 3)
  } finally {
    await context.close()
  }
})

test('Overview: a popular endpoint opens in the docs; the active-keys summary has the created date, the key id, View and Revoke', { timeout: 60_000 }, async () => {
  const admin = await apiSession(sandbox.url)
  const k = await apiCreateKey(sandbox.url, admin, { name: 'Overview summary key' })
  const { context, page } = await openSignedIn(browser, serve, { screen: 'Overview' })
  try {
    await page.getByTestId('popular-endpoint').filter({ hasText: 'Send an email' }).click()
    await page.getByTestId('endpoint-view').getByText('Requires send_email').waitFor(T)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview' }).click()
    const card = page.locator(`[data-key-id="${k.key.key_id}"]`)
    await card.waitFor(T)
    await card.getByText('Created', { exact: true }).waitFor(T)
    assert.match(await card.innerText(), new RegExp(k.key.key_id))
    await page.getByRole('button', { name: 'Manage all' }).waitFor(T)
    await card.getByRole('button', { name: 'Revoke' }).click()
    await page.getByRole('dialog').getByText(/Overview summary key/).first().waitFor(T)
  } finally {
    await context.close()
  }
})

test('the platform API is a group of its own; its examples carry session and sudo tokens, never a key', { timeout: 60_000 }, async () => {
  const { context, page } = await docsPage()
  try {
    const platform = page.getByRole('group', { name: 'Platform API' })
    const pub = page.getByRole('group', { name: 'Public API' })
    await platform.waitFor(T)
    assert.equal(await pub.locator('[data-endpoint$="/platform/api-keys"]').count(), 0)
    assert.equal(await platform.locator('[data-endpoint$="/emails/send"]').count(), 0)
    await platform.locator('[data-endpoint="POST /platform/api-keys"]').click()
    const view = page.getByTestId('endpoint-view')
    await view.getByText('Session token', { exact: true }).waitFor(T)
    await view.getByText('Sudo token', { exact: true }).waitFor(T)
    const curl = await view.getByTestId('code-snippet').innerText()
    assert.match(curl, /Authorization: Bearer YOUR_SESSION_TOKEN/)
    assert.match(curl, /X-Sudo-Token: YOUR_SUDO_TOKEN/)
    assert.doesNotMatch(curl, /pm_(live|test)_/)
    // the live stream is described: the upgrade, too_many_streams, close code 4001
    await platform.locator('[data-endpoint="GET /tenant/analytics/api-usage/live"]').click()
    await view.getByText('Live usage (websocket)').waitFor(T)
    assert.match(await view.innerText(), /4001/)
    assert.match(await view.getByTestId('responses').innerText(), /101[\s\S]*429/)
    // a public API operation still carries a key
    await pub.locator('[data-endpoint="GET /contacts"]').click()
    await view.getByText('Requires read_contacts').waitFor(T)
    assert.match(await view.getByTestId('code-snippet').innerText(), /Bearer pm_live_YOUR_API_KEY/)
  } finally {
    await context.close()
  }
})

test('the docs open offline from the cache once the platform is gone', { timeout: 60_000 }, async () => {
  const { context, page } = await docsPage()
  await page.locator('[data-endpoint^="POST "][data-endpoint$="/emails/send"]').waitFor(T)
  await sandbox.stop({ remove: false })
  await page.reload()
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.waitFor(T)
  await nav.getByRole('button', { name: 'Docs & Tester' }).click()
  await page.getByTestId('docs-offline').waitFor(T)
  await page.locator('[data-endpoint^="POST "][data-endpoint$="/emails/send"]').click()
  await page.getByTestId('endpoint-view').getByText('Requires send_email').waitFor(T)
  await shot(page, 'docs-offline')
  await context.close()
})
