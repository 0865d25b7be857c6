// README screenshots from the real UI: the binary in serve mode (embedded
// platform with demo traffic, and a remote sandbox that is then stopped for
// the offline view), driven in headless Chromium at 1280×800.
// Usage: make build && node scripts/screenshots.mjs ../docs/screenshots
import path from 'node:path'
import { launchBrowser, openSignedIn, startSandbox, startServe } from '../e2e/harness.mjs'

const out = path.resolve(process.argv[2] ?? '../docs/screenshots')
const T = { timeout: 30_000 }
const viewport = { width: 1280, height: 800 }
const browser = await launchBrowser()
const shot = (page, name) => page.screenshot({ path: path.join(out, `${name}.png`) })

const serve = await startServe({ demoTraffic: true })
try {
  const { page, nav } = await openSignedIn(browser, serve, { permissions: ['clipboard-read', 'clipboard-write'] })
  await page.setViewportSize(viewport)

  // A key made through the wizard, so the tester can send with it.
  await nav.getByRole('button', { name: 'API Keys' }).click()
  await page.getByRole('button', { name: 'Create API Key' }).first().click()
  const dialog = page.getByRole('dialog', { name: /Create API Key/ })
  await dialog.getByLabel('Name', { exact: false }).first().fill('Checkout service')
  await dialog.getByLabel('Name', { exact: false }).first().press('Enter')
  await dialog.getByRole('button', { name: 'Email sending' }).click()
  await dialog.getByRole('button', { name: 'Next' }).click()
  await dialog.getByRole('button', { name: 'Generate API Key' }).click()
  await page.getByRole('button', { name: 'Use it' }).click()
  await page.getByLabel('Password', { exact: true }).press('Enter')
  await page.getByTestId('secret').waitFor(T)
  await page.getByRole('button', { name: 'Copy', exact: true }).click()
  await page.getByRole('button', { name: 'Copied', exact: true }).waitFor(T)
  await page.getByRole('button', { name: "I've saved my key" }).click()
  await page.getByTestId('secret').waitFor({ state: 'detached', timeout: 5000 }).catch(async (e) => { await page.screenshot({ path: '/tmp/ux/fail.png' }); throw e })
  await page.waitForTimeout(500)

  await page.locator('.mantine-SegmentedControl-label', { hasText: 'Table' }).click()
  await page.getByTestId('keys-table').waitFor(T)
  await page.waitForTimeout(500)
  await shot(page, 'keys-table')

  await nav.getByRole('button', { name: 'Docs & Tester' }).click()
  await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
  const tester = page.getByTestId('tester')
  await tester.getByText(/Secret known for this session/).waitFor(T)
  await tester.getByRole('button', { name: 'Send Request' }).click()
  await tester.getByTestId('response-status').waitFor(T)
  await page.waitForTimeout(800)
  await shot(page, 'tester-answer')

  await nav.getByRole('button', { name: 'Usage' }).click()
  await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor(T)
  await page.waitForTimeout(4000) // charts and the live strip fill in
  await shot(page, 'usage')
} finally {
  await serve.stop()
}

// Offline: a remote platform seen once, then gone.
const sandbox = await startSandbox()
const remote = await startServe({ apiUrl: sandbox.url })
try {
  const { page, nav } = await openSignedIn(browser, remote)
  await page.setViewportSize(viewport)
  await nav.getByRole('button', { name: 'Usage' }).click()
  await page.getByRole('heading', { name: 'Usage', level: 1 }).waitFor(T)
  await page.waitForTimeout(2500)
  await sandbox.stop({ remove: false })
  await page.reload()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Usage' }).click()
  await page.getByText(/offline/i).first().waitFor(T)
  await page.waitForTimeout(2500)
  await shot(page, 'offline')
} finally {
  await remote.stop()
  await sandbox.stop()
  await browser.close()
}
