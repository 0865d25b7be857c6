// Accessibility, end to end: axe-core (npm axe-core 4.14.1) on every screen of
// the console, in light and dark, in real Chromium against serve mode with
// the embedded platform and its demo data. No critical and no serious
// violation is allowed; the sign-in page is checked too. The few
// moderate/minor findings are printed, not failed on.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { SCREENS, launchBrowser, openAuditTab, openConsole, openSignedIn, startServe } from './harness.mjs'

const require = createRequire(import.meta.url)
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const T = { timeout: 20_000 }
let serve, browser

before(async () => {
  serve = await startServe({ demoTraffic: true })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await serve?.stop()
})

/** Runs axe on the page; returns the critical and serious violations, described. */
async function audit(page, where) {
  // The console's CSP refuses inline scripts; its 'unsafe-eval' (Vite's
  // workers need it) lets an indirect eval install axe.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate((src) => (0, eval)(src), AXE)
  // Audit what the user reads once it stands still: a dialog caught in its
  // fade-in has every colour blended with what is behind it (axe then
  // measured dimmed text at 3.99:1 that is 6:1 once the dialog is opaque).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, { timeout: 10_000 })
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] })
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.html.slice(0, 160)} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ')}`),
    }))
  })
  const bad = result.filter((v) => v.impact === 'critical' || v.impact === 'serious')
  const other = result.filter((v) => !bad.includes(v))
  if (other.length) console.log(`# ${where}: ${other.map((v) => `${v.impact} ${v.id}`).join(', ')}`)
  return bad.map((v) => `${where}: [${v.impact}] ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`)
}

for (const scheme of ['light', 'dark']) {
  test(`every screen in ${scheme}: no critical or serious axe violation`, { timeout: 180_000 }, async () => {
    const { context, page, nav } = await openSignedIn(browser, serve)
    await page.emulateMedia({ colorScheme: scheme })
    const found = []
    try {
      for (const name of SCREENS) {
        await nav.getByRole('button', { name }).click()
        await page.getByRole('heading', { level: 1 }).first().waitFor(T)
        await page.waitForTimeout(1200) // charts, live strip and lazy parts settle
        found.push(...(await audit(page, `${name} (${scheme})`)))
        if (name === 'Logs') {
          await openAuditTab(page)
          found.push(...(await audit(page, `Audit (${scheme})`)))
        }
        if (name === 'Docs & Tester') {
          await page.locator('.mantine-SegmentedControl-label', { hasText: 'Tester' }).click()
          await page.getByTestId('tester').waitFor(T)
          found.push(...(await audit(page, `Tester (${scheme})`)))
        }
        if (name === 'API Keys') {
          await page.getByRole('button', { name: 'Create API Key' }).first().click()
          await page.getByRole('dialog').first().waitFor(T)
          found.push(...(await audit(page, `Create API Key dialog (${scheme})`)))
          await page.keyboard.press('Escape')
          await page.getByRole('dialog').first().waitFor({ state: 'hidden', ...T })
        }
      }
    } finally {
      await context.close()
    }
    assert.deepEqual(found, [], found.join('\n'))
  })
}

test('the sign-in page: no critical or serious axe violation, with a main landmark and an h1', { timeout: 60_000 }, async () => {
  const { context, page } = await openSignedIn(browser, serve, { screen: 'Settings' })
  try {
    await page.getByRole('button', { name: 'Sign out' }).first().click()
    const form = page.getByRole('button', { name: 'Sign in' })
    await form.waitFor(T)
    const found = await audit(page, 'Sign in')
    assert.deepEqual(found, [], found.join('\n'))
    await page.getByRole('main').waitFor(T)
    await page.getByRole('heading', { level: 1 }).waitFor(T)
  } finally {
    await context.close()
  }
})
