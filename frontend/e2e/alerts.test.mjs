// Alerts & Jobs screen, end to end: serve mode against a real sandbox, in
// headless Chromium. The expiry reminder goes out through the platform and
// shows with its recipients; an IP violation shows up live as an alert; a
// bad cron expression is refused in Settings with a message under its field.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO, api, apiCreateKey, apiSession, launchBrowser, openSignedIn, startSandbox, startServe } from './harness.mjs'

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

const signedIn = () => openSignedIn(browser, serve)

describe('Alerts & Jobs', () => {
  test('an expiring key gets one reminder, sent to the admins, listed with its recipients', async () => {
    const s = await apiSession(sandbox.url)
    const { key } = await apiCreateKey(sandbox.url, s, {
      name: 'Expires soon e2e',
      expires_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    })
    const { context, page, nav } = await signedIn()
    try {
      await nav.getByRole('button', { name: 'Alerts & Jobs' }).click()
      const row = page.getByTestId('job-expiry_reminders')
      await row.waitFor(T)
      await row.getByRole('button', { name: 'Run now' }).click()
      await row.getByText('OK').waitFor(T)
      // Twice: the ledger keeps it to one email.
      await row.getByRole('button', { name: 'Run now' }).click()
      await row.getByText(/0 reminders sent/).waitFor(T)

      const sent = page.getByTestId('notifications-table').getByRole('row').filter({ hasText: '"Expires soon e2e" expires in 3 days' })
      await sent.waitFor(T)
      assert.equal(await sent.count(), 1)
      assert.match(await sent.innerText(), /admin@demo\.penguinmails\.test/)

      const box = await api(sandbox.url, 'GET', '/platform/outbox', { token: s.token })
      const mails = box.json.emails.filter((e) => e.kind === 'key_expiry' && e.key_id === key.key_id)
      assert.equal(mails.length, 1)
      assert.ok(mails[0].to.includes(DEMO.admin))
    } finally {
      await context.close()
    }
  })

  test('an IP violation appears as a new alert while the screen is open, and can be acknowledged', async () => {
    const s = await apiSession(sandbox.url)
    const office = await apiCreateKey(sandbox.url, s, { name: 'Office only e2e', allowed_ips: ['203.0.113.0/24'] })
    const { context, page, nav } = await signedIn()
    try {
      await nav.getByRole('button', { name: 'Alerts & Jobs' }).click()
      await page.getByTestId('jobs-table').waitFor(T)
      await page.waitForTimeout(1000) // let the live stream subscribe
      const r = await api(sandbox.url, 'POST', '/emails/send', {
        key: office.secret,
        body: { to: 'someone@example.com', subject: 'hi', text_body: 'hi' },
      })
      assert.equal(r.status, 403)
      const alert = page.getByTestId('alert-row').filter({ hasText: 'IP not allowed for key Office only e2e' })
      await alert.waitFor({ timeout: 5_000 })
      assert.equal(await alert.getAttribute('data-status'), 'new')
      assert.match(await alert.innerText(), /Emailed by the platform/i)
      await alert.getByRole('button', { name: /Acknowledge/ }).click()
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-testid="alert-row"]')].some((el) => el.textContent.includes('Office only e2e') && el.dataset.status === 'acknowledged'),
        null,
        T,
      )
    } finally {
      await context.close()
    }
  })

  test('at 1024×700 the jobs table fits: no sideways scroll, every row shows its next run and Run now', async () => {
    const { context, page, nav } = await signedIn()
    try {
      await page.setViewportSize({ width: 1024, height: 700 })
      await nav.getByRole('button', { name: 'Alerts & Jobs' }).click()
      const table = page.getByTestId('jobs-table')
      await table.waitFor(T)
      const fit = await table.evaluate((t) => {
        // The nearest box that would scroll sideways (Table.ScrollContainer's).
        let scroller = t.parentElement
        while (scroller && !/auto|scroll/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement
        const box = scroller.getBoundingClientRect()
        const rows = [...t.querySelectorAll('tbody tr')].map((r) => {
          const button = [...r.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Run now')
          const b = button?.getBoundingClientRect()
          return { name: r.dataset.testid, button: !!button, inside: !!b && b.left >= box.left && b.right <= box.right, text: r.innerText }
        })
        return { overflow: t.scrollWidth - scroller.clientWidth, rows }
      })
      assert.ok(fit.overflow <= 0, `the table is ${fit.overflow} px wider than its box`)
      assert.ok(fit.rows.length >= 4, `${fit.rows.length} job rows`)
      for (const r of fit.rows) {
        assert.ok(r.button && r.inside, `${r.name}: Run now in view`)
        assert.match(r.text, /\bin (under a minute|\d+ (minutes?|hours?|days?|min))/, `${r.name}: next run shown in ${JSON.stringify(r.text)}`)
        assert.match(r.text, /[\d*]+ [\d*/]+ [\d*]+ [\d*]+ [\d*]+/, `${r.name}: cron shown`)
      }
    } finally {
      await context.close()
    }
  })

  test('a bad cron expression is refused with a message under its field', async () => {
    const { context, page, nav } = await signedIn()
    try {
      await nav.getByRole('button', { name: 'Settings' }).click()
      const input = page.getByTestId('job-schedule-alerts')
      await input.waitFor(T)
      await input.fill('61 * * * *')
      await page.getByTestId('job-settings-save').click()
      await page.getByText(/Schedule of Alerts: "61 \* \* \* \*" is not a valid cron expression/).waitFor(T)
      assert.equal(await input.getAttribute('aria-invalid'), 'true')
      await input.fill('*/10 * * * *')
      await page.getByTestId('job-settings-save').click()
      await page.getByText('Every 10 minutes').waitFor(T)
      await nav.getByRole('button', { name: 'Alerts & Jobs' }).click()
      await page.getByTestId('job-alerts').getByText('Every 10 minutes').waitFor(T)
    } finally {
      await context.close()
    }
  })
})
