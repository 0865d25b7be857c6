// Nothing is cut off: at 1024×700 and 1280×800, on every screen, no box
// hides part of its content. Tables may scroll sideways (a scroll bar says
// there is more) and long single values may end in an ellipsis (their full
// text is a hover away), but a card, a cell or a column must not silently
// swallow what does not fit (#14: "Usage per key" lost its last column, the
// popular-endpoint cards their paths).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { SCREENS, launchBrowser, openAuditTab, openSignedIn, startServe } from './harness.mjs'

const T = { timeout: 20_000 }
let browser, serve

before(async () => {
  serve = await startServe({ demoTraffic: true })
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  await serve?.stop()
})

/** Boxes that clip their content without a scroll bar or an ellipsis. */
function clipped() {
  const out = []
  for (const el of document.querySelectorAll('main *')) {
    const cs = getComputedStyle(el)
    if (cs.overflowX !== 'hidden' && cs.overflowX !== 'clip') continue
    if (cs.textOverflow === 'ellipsis' || el.clientWidth === 0) continue
    if (el.scrollWidth <= el.clientWidth + 2) continue
    // what sticks out must be real content, not a focus ring or a shadow
    const box = el.getBoundingClientRect()
    const sticksOut = [...el.querySelectorAll('*')].some((c) => {
      const r = c.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && r.right > box.right + 2 && (c.textContent ?? '').trim() !== '' && c.children.length === 0
    })
    if (sticksOut) out.push(`${el.className.toString().slice(0, 60)} (${el.clientWidth} < ${el.scrollWidth}): ${(el.innerText || '').slice(0, 60).replace(/\s+/g, ' ')}`)
  }
  return out
}

for (const [width, height] of [
  [1024, 700],
  [1280, 800],
]) {
  test(`nothing is clipped on any screen at ${width}×${height}`, { timeout: 120_000 }, async () => {
    const { context, page, nav } = await openSignedIn(browser, serve)
    await page.setViewportSize({ width, height })
    const found = []
    try {
      for (const name of SCREENS) {
        await nav.getByRole('button', { name }).click()
        await page.getByRole('heading', { level: 1 }).first().waitFor(T)
        await page.waitForTimeout(1500) // charts and tables with their data
        for (const c of await page.evaluate(clipped)) found.push(`${name}: ${c}`)
        if (name === 'Logs') {
          await openAuditTab(page)
          await page.waitForTimeout(500)
          for (const c of await page.evaluate(clipped)) found.push(`Audit: ${c}`)
        }
      }
    } finally {
      await context.close()
    }
    assert.deepEqual(found, [], found.join('\n'))
  })
}
