// Looks at screens as a person would: serve with demo traffic, signed in, screenshots.
import { launchBrowser, openConsole, startServe, signIn } from './harness.mjs'
const [,, screenName = 'Usage', width = '1280', height = '800', out = '/work/shots/shot.png', wait = '8000'] = process.argv
const serve = await startServe({ demoTraffic: true })
const browser = await launchBrowser()
try {
  const { page } = await openConsole(browser, serve, { viewport: { width: +width, height: +height } })
  await page.waitForTimeout(1500)
  await page.getByRole('link', { name: screenName }).first().click().catch(async () => {
    await page.getByText(screenName, { exact: true }).first().click()
  })
  await page.waitForTimeout(+wait)
  await page.screenshot({ path: out, fullPage: process.env.FULL === '1' })
  console.log('saved', out)
} finally {
  await browser.close()
  await serve.stop()
}
