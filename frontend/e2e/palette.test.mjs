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
