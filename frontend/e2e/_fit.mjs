// Reports every table scroll container that is wider than its box on each screen, at a viewport size.
import { launchBrowser, openConsole, startServe } from './harness.mjs'
const [,, width = '1280', height = '800'] = process.argv
const serve = await startServe({ demoTraffic: true })
const browser = await launchBrowser()
try {
  const { page } = await openConsole(browser, serve, { viewport: { width: +width, height: +height } })
  await page.waitForTimeout(1500)
  for (const name of ['Overview', 'API Keys', 'Usage', 'Logs', 'Alerts & Jobs', 'Settings', 'Docs & Tester']) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click()
    await page.waitForTimeout(2500)
    const over = await page.evaluate(() => {
      const out = []
      for (const el of document.querySelectorAll('main *')) {
        const cs = getComputedStyle(el)
        if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll' || cs.overflowX === 'hidden') && el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 200) {
          out.push(`${el.tagName}.${(el.className || '').toString().slice(0, 40)} ${el.clientWidth} < ${el.scrollWidth} :: ${(el.innerText || '').slice(0, 40).replace(/\n/g, ' ')}`)
        }
      }
      return out
    })
    console.log(`${name} @${width}: ${over.length ? '\n  ' + over.join('\n  ') : 'fits'}`)
  }
} finally {
  await browser.close()
  await serve.stop()
}
