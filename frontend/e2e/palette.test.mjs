// The command palette in a real browser (serve mode against a sandbox):
// Ctrl+K opens it from anywhere, typing finds a key by name and by id and
// an endpoint of the docs, and Enter goes there. Nothing is mocked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiCreateKey, apiSession, launchBrowser, openSignedIn, startSandbox, startServe } from './harness.mjs'

const T = { timeout: 20_000 }
let browser, sandbox, serve, key

before(async () => {
  sandbox = await startSandbox()
  key = (await apiCreateKey(sandbox.url, await apiSession(sandbox.url), { name: 'Palette target' })).key
  serve = await startServe({ apiUrl: sandbox.url })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await serve?.stop()
  await sandbox?.stop()
})

async function palette(page, text) {
  await page.keyboard.press('Control+k')
  const input = page.getByLabel('Search screens, keys and endpoints')
  await input.waitFor(T)
  await input.fill(text)
  return input
}

test('Ctrl+K finds a key by name, a key by id and an endpoint', { timeout: 90_000 }, async () => {
  const { page } = await openSignedIn(browser, serve)

  let input = await palette(page, 'palette target')
  await page.getByRole('option', { name: /Palette target/ }).waitFor(T)
  await input.press('Enter')
  await page.waitForURL(new RegExp(`#/keys\\?key_id=${key.key_id}$`), T)
  await page.locator(`[data-key-id="${key.key_id}"]`).waitFor(T)

  input = await palette(page, key.key_id)
  await page.getByRole('option', { name: /Palette target/ }).waitFor(T)
  await input.press('Escape')
  await input.waitFor({ state: 'hidden', ...T })

  input = await palette(page, 'post emails send')
  await page.getByRole('option', { name: /POST \/emails\/send/ }).waitFor(T)
  await input.press('Enter')
  await page.waitForURL(/#\/docs\?endpoint=POST/, T)

  input = await palette(page, 'settings')
  await input.press('Enter')
  await page.waitForURL(/#\/settings$/, T)
  await page.getByLabel('Search screens, keys and endpoints').waitFor({ state: 'hidden', ...T })
  // The screen's own h1 (other headings contain the word, e.g. a section's 'Clipboard settings').
  await page.getByRole('heading', { name: 'Settings', exact: true, level: 1 }).waitFor({ state: 'visible', ...T })
})

test('each screen opens at its top, from the menu and from the palette', { timeout: 90_000 }, async () => {
  const { page } = await openSignedIn(browser, serve)
  await page.setViewportSize({ width: 1024, height: 700 })
  const nav = page.getByRole('navigation', { name: 'Main' })
  const scrollTop = () => page.evaluate(() => document.scrollingElement.scrollTop)
  /** Scrolls the screen down by 480 px (it is long enough to) and checks it moved. */
  const scrollDown = async (screen) => {
    await page.evaluate(() => window.scrollTo(0, 480))
    await page.waitForFunction(() => document.scrollingElement.scrollTop === 480, null, T)
      .catch(async () => assert.fail(`${screen} did not scroll to 480 (at ${await scrollTop()}): too short for this test`))
  }
  const h1 = (name) => page.getByRole('heading', { name, exact: true, level: 1 })

  await nav.getByRole('button', { name: 'Alerts & Jobs' }).click()
  await page.getByTestId('jobs-table').waitFor(T)
  await scrollDown('Alerts & Jobs')
  await nav.getByRole('button', { name: 'Settings' }).click()
  await h1('Settings').waitFor(T)
  assert.equal(await scrollTop(), 0, 'Settings opened scrolled down')

  await scrollDown('Settings')
  const input = await palette(page, 'alerts')
  await input.press('Enter')
  await page.waitForURL(/#\/alerts/, T)
  await h1('Alerts & Jobs').waitFor(T)
  assert.equal(await scrollTop(), 0, 'Alerts & Jobs opened from the palette scrolled down')
})
