// Usage screen, end to end: serve mode against a real sandbox in headless
// Chromium. Traffic goes through the real gateway from node; the screen must
// show it live, count it exactly after a refresh, export the errors, browse
// older snapshots, and keep working with the platform killed and after a
// restart of the console.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { api, apiCreateKey, apiSession, launchBrowser, openSignedIn, startSandbox, startServe } from './harness.mjs'

const T = { timeout: 20_000 }
let sandbox, serve, browser, page, context, key

before(async () => {
  sandbox = await startSandbox()
  serve = await startServe({ apiUrl: sandbox.url })
  browser = await launchBrowser()
  const session = await apiSession(sandbox.url)
  key = (await apiCreateKey(sandbox.url, session, { name: 'e2e usage', permissions: ['send_email'] })).secret
  ;({ context, page } = await usagePage(serve))
})

after(async () => {
  await context?.close()
  await browser?.close()
  await serve?.stop()
  await sandbox?.stop()
})

/** A signed-in page on the Usage screen of the console served by on. */
async function usagePage(on) {
  const { context, page } = await openSignedIn(browser, on, { screen: 'Usage' })
  await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor(T)
  return { context, page }
}

const send = (n, path = '/emails/send', method = 'POST') =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      api(sandbox.url, method, path, { key, body: method === 'POST' ? { to: `u${i}@example.com`, subject: 's', text_body: 'b' } : undefined }),
    ),
  )

const num = async (locator) => Number((await locator.innerText()).replace(/[^\d]/g, ''))

async function refresh() {
  const done = page.waitForResponse((r) => r.url().includes('/bridge/call/Usage/Get'))
  await page.getByRole('button', { name: 'Refresh' }).click()
  await done
}

test('gateway traffic shows in the live strip within 2 s, and exactly in the tables after a refresh', T, async () => {
  await page.locator('[data-testid="live-strip"][data-live-state="live"]').waitFor(T)
  const rpm = page.getByTestId('live-rpm')
  const before = await num(rpm)

  const started = Date.now()
  const sent = await send(5)
  assert.ok(sent.every((r) => r.status === 202 || r.status === 200), `sends: ${sent.map((r) => r.status)}`)
  await page.waitForFunction(
    ([b]) => Number(document.querySelector('[data-testid="live-rpm"]').textContent.replace(/[^\d]/g, '')) >= b + 5,
    [before],
    { timeout: 2_000, polling: 50 },
  )
  const took = Date.now() - started
  assert.ok(took < 2_000, `live strip updated after ${took} ms`)

  // Two refused requests (the key lacks read_contacts): errors, by status.
  const refused = await send(2, '/contacts', 'GET')
  assert.deepEqual(
    refused.map((r) => r.status),
    [403, 403],
  )
  await refresh()
  const row = page.getByTestId('endpoint-row').filter({ hasText: '/emails/send' })
  await page.waitForFunction(() => document.querySelector('[data-testid="key-usage"]')?.textContent.includes('e2e usage'), null, T)
  assert.equal(await num(row.getByTestId('endpoint-requests')), 5)
  const keyRow = page.getByTestId('key-row').filter({ hasText: 'e2e usage' })
  assert.equal(await num(keyRow.getByTestId('key-requests')), 7)
  const forbidden = page.getByTestId('status-row').filter({ hasText: '403' })
  assert.match(await forbidden.getByTestId('status-count').innerText(), /^2\b/)
  assert.equal((await page.getByTestId('error-row').count()) >= 2, true)
})

test('Export CSV downloads the errors', T, async () => {
  const download = page.waitForEvent('download')
  await page.getByTestId('recent-errors').getByRole('button', { name: 'Export CSV' }).click()
  const d = await download
  assert.match(d.suggestedFilename(), /^api-errors-24h-.*\.csv$/)
  const csv = readFileSync(await d.path(), 'utf8')
  const lines = csv.trim().split(/\r?\n/)
  assert.equal(lines[0], 'at,key_id,method,endpoint,status,error,message,ip,request_id')
  assert.equal(lines.filter((l) => l.includes(',403,insufficient_permissions,')).length, 2)
})

test('the history browser opens an older snapshot and compares it with the newest', T, async () => {
  await send(1)
  await refresh() // a newer snapshot: 8 requests
  await page.getByRole('button', { name: 'History' }).click()
  // The jobs' minute snapshots (last hour) may be listed too: look at the 24-hour ones.
  const items = page.getByTestId('history-item').filter({ hasText: 'Last 24 Hours' })
  await items.nth(2).waitFor(T) // opened (0), refreshed (7), refreshed (8)
  await items.last().click() // the oldest: taken when the screen first opened, before any traffic
  const bar = page.getByTestId('snapshot-bar')
  await bar.waitFor(T)
  // The toolbar shows the snapshot's own range and key, not the live view's filter.
  assert.equal(await page.getByTestId('snapshot-filter').innerText(), 'Last 24 Hours · All keys')
  assert.equal(await page.getByTestId('key-filter').count(), 0)
  assert.equal(await num(page.getByTestId('card-total-value')), 0)
  await bar.getByRole('button', { name: 'Compare with newest' }).click()
  const cmp = page.getByTestId('snapshot-compare')
  await cmp.waitFor(T)
  assert.match(await cmp.innerText(), /Total requests\s+0\s+8\s+\+8/)

  const download = page.waitForEvent('download')
  await bar.getByRole('button', { name: 'Export JSON' }).click()
  const json = JSON.parse(readFileSync(await (await download).path(), 'utf8'))
  assert.equal(json.data.summary.total_requests, 0)
  assert.equal(json.range, '24h')
  await bar.getByRole('button', { name: 'Back to current data' }).click()
  await page.getByTestId('live-strip').waitFor(T)
})

test('with the platform killed the screen shows the newest snapshot and its time, also after a console restart', { timeout: 60_000 }, async () => {
  // The newest snapshot's time, as the console will state it.
  await page.getByRole('button', { name: 'History' }).click()
  const newestAt = await page.getByTestId('history-item').filter({ hasText: 'Last 24 Hours' }).first().getAttribute('data-fetched-at')
  await page.keyboard.press('Escape')
  const clock = await page.evaluate(
    (iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    newestAt,
  )

  await sandbox.stop({ remove: false })
  await refresh()
  const banner = page.getByTestId('offline-banner')
  await banner.waitFor(T)
  const text = await banner.innerText()
  assert.ok(text.includes(`Offline — showing data from ${clock}`), text)
  assert.equal(await num(page.getByTestId('card-total-value')), 8)
  // Offline, Export CSV still works, from the snapshot.
  const download = page.waitForEvent('download')
  await page.getByTestId('recent-errors').getByRole('button', { name: 'Export CSV' }).click()
  const csv = readFileSync(await (await download).path(), 'utf8')
  assert.equal(csv.split('\n').filter((l) => l.includes(',403,insufficient_permissions,')).length, 2)

  // Restart the console with the platform still down: the stored session and snapshots remain.
  await context.close()
  context = null
  const dataDir = serve.dataDir
  await serve.stop({ remove: false })
  serve = await startServe({ apiUrl: sandbox.url, dataDir })
  ;({ context, page } = await usagePage(serve))
  await page.getByTestId('offline-banner').waitFor(T)
  assert.ok((await page.getByTestId('offline-banner').innerText()).includes(`Offline — showing data from ${clock}`))
  assert.equal(await num(page.getByTestId('card-total-value')), 8)
  await page.getByRole('button', { name: 'History' }).click()
  assert.ok((await page.getByTestId('history-item').count()) >= 3)
})

// It spends a tenant's allowance, so it runs on a platform and console of its
// own (the tests above stop the shared sandbox). After 429s in the range, Usage
// shows the rate-limit indicator and a batching-or-upgrade recommendation with
// the figures.
test('after limits were exceeded, Usage shows the indicator and a recommendation with the figures', { timeout: 120_000 }, async () => {
  const sb = await startSandbox()
  const sv = await startServe({ apiUrl: sb.url })
  let ctx
  try {
    const session = await apiSession(sb.url)
    const k = (await apiCreateKey(sb.url, session, { name: 'e2e limits', permissions: ['send_email'] })).secret
    let pg
    ;({ context: ctx, page: pg } = await usagePage(sv))
    let refused = 0
    for (let i = 0; i < 8 && refused === 0; i++) {
      const r = await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          api(sb.url, 'POST', '/emails/send', { key: k, body: { to: `u${j}@example.com`, subject: 's', text_body: 'b' } }),
        ),
      )
      refused += r.filter((x) => x.status === 429).length
    }
    assert.ok(refused > 0, 'the sends went over the plan limit')
    const done = pg.waitForResponse((r) => r.url().includes('/bridge/call/Usage/Get'))
    await pg.getByRole('button', { name: 'Refresh' }).click()
    await done
    await pg.getByTestId('rate-limit-indicator').waitFor(T)
    const advice = pg.getByTestId('limit-advice')
    await advice.waitFor(T)
    const text = await advice.innerText()
    assert.match(text, /[\d,]+ requests? (was|were) refused with 429 .*; the busiest minute had [\d,]+ requests against your limit of [\d,]+ per minute\./)
    assert.match(text, /up to 50 recipients per request/)
    await advice.getByRole('link', { name: 'View plans →' }).waitFor(T)
  } finally {
    await ctx?.close()
    await sv.stop()
    await sb.stop()
  }
})
