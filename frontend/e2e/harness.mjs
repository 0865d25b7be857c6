// End-to-end harness: starts the real binary (sandbox and serve modes) on
// loopback with fresh data directories, and a real headless Chromium. Nothing
// here is mocked. Every process is stopped when its test ends.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(here, '../..')
export const BIN = process.env.PM_CONSOLE_BIN ?? path.join(ROOT, 'build/bin/penguinmails-console')

export const DEMO = {
  admin: 'admin@demo.penguinmails.test',
  developer: 'developer@demo.penguinmails.test',
  support: 'support@demo.penguinmails.test',
}
export const DEMO_PASSWORD = 'e2e-demo-password-1'

/** The screens of the main navigation, in its order. */
export const SCREENS = ['Overview', 'API Keys', 'Docs & Tester', 'Usage', 'Logs', 'Alerts & Jobs', 'Settings']

/** Opens the Logs screen's Audit tab (on the Logs screen) and waits for its table. */
export async function openAuditTab(page) {
  await page.getByRole('tab', { name: 'Audit' }).click()
  await page.getByRole('columnheader', { name: 'What changed' }).waitFor({ timeout: 20_000 })
}

/** Starts BIN with args; resolves once a line starting with http:// or https:// is printed. */
function startProcess(args, { timeoutMs = 30_000 } = {}) {
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = []
  let stderr = ''
  proc.stderr.on('data', (d) => {
    stderr += d
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000)
  })
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[0]} printed no URL in ${timeoutMs} ms\n${stderr}`)), timeoutMs)
    let buf = ''
    proc.stdout.on('data', (d) => {
      buf += d
      let i
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim()
        buf = buf.slice(i + 1)
        lines.push(line)
        if (/^https?:\/\//.test(line)) {
          clearTimeout(timer)
          resolve(line)
        }
      }
    })
    proc.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${args[0]} exited with ${code} before printing its URL\n${stderr}`))
    })
  })
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
      const kill = setTimeout(() => proc.kill('SIGKILL'), 8_000)
      proc.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      proc.kill('SIGTERM')
    })
  return { proc, lines, ready, stop, stderr: () => stderr }
}

/** The embedded platform alone, on a free loopback port, fresh data dir. */
export async function startSandbox({ testClock = false, plan, dataDir, password = DEMO_PASSWORD, addr = '127.0.0.1:0' } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'pm-sandbox-'))
  const args = ['sandbox', '--addr', addr, '--data-dir', dir, '--demo-password', password]
  if (testClock) args.push('--test-clock')
  if (plan) args.push('--plan', plan)
  const p = startProcess(args)
  const url = (await p.ready).replace(/\/+$/, '')
  return {
    url,
    password,
    dataDir: dir,
    output: p.lines,
    stderr: p.stderr,
    /** Stops the process; the data dir stays unless remove is true. */
    stop: async ({ remove = !dataDir } = {}) => {
      await p.stop()
      if (remove) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Browser mode. apiUrl "" uses the embedded platform; extra are more flags. */
export async function startServe({ apiUrl, dataDir, demoTraffic = false, addr = '127.0.0.1:0', extra = [] } = {}) {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'pm-console-'))
  const args = ['serve', '--addr', addr, '--data-dir', dir, `--demo-traffic=${demoTraffic}`, ...extra]
  if (apiUrl) args.push('--api-url', apiUrl)
  const p = startProcess(args)
  const url = await p.ready
  const origin = new URL(url).origin
  const token = new URL(url).searchParams.get('token')
  let credential = null
  return {
    url,
    origin,
    dataDir: dir,
    output: p.lines,
    stderr: p.stderr,
    /** The bridge credential once a page (or credential()) traded the token. */
    get knownCredential() {
      return credential
    },
    set knownCredential(c) {
      credential = c
    },
    /** Trades the one-time token as the page does; returns the bridge credential. */
    async credential() {
      if (credential) return credential
      const res = await fetch(origin + '/bridge/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ token }),
      })
      if (res.status !== 200) throw new Error(`serve refused its own token: ${res.status} ${await res.text()}`)
      credential = (await res.json()).credential
      return credential
    },
    stop: async ({ remove = !dataDir } = {}) => {
      await p.stop()
      if (remove) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  })
}

export const CREDENTIAL_KEY = 'pm_console_credential'

/**
 * A new browser context and page on the console, past the token. The first
 * page of a console opens the printed URL, as a person does, and the page
 * trades the token itself; later contexts (other "tabs" of the same user)
 * start with the credential the first one got, in their sessionStorage.
 */
export async function openConsole(browser, serve, { permissions = [], viewport = { width: 1400, height: 900 }, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...contextOptions })
  if (permissions.length) await context.grantPermissions(permissions, { origin: serve.origin })
  const page = await context.newPage()
  if (!serve.knownCredential) {
    await page.goto(serve.url)
    await page.waitForFunction((k) => !!sessionStorage.getItem(k), CREDENTIAL_KEY, { timeout: 20_000 })
    serve.knownCredential = await page.evaluate((k) => sessionStorage.getItem(k), CREDENTIAL_KEY)
    return { context, page }
  }
  // Only the console's own origin gets it: the init script runs in every
  // frame and page of the context.
  await context.addInitScript(
    ([origin, key, cred]) => {
      if (location.origin === origin) sessionStorage.setItem(key, cred)
    },
    [serve.origin, CREDENTIAL_KEY, serve.knownCredential],
  )
  await page.goto(serve.origin + '/')
  return { context, page }
}

/**
 * A console page that is signed in — through the form when the platform asks
 * (remote), at once with the embedded one — and on the sidebar's screen when
 * one is named. Returns the page and its sidebar.
 */
export async function openSignedIn(browser, serve, { screen, email = DEMO.admin, password = DEMO_PASSWORD, permissions = [] } = {}) {
  const T = { timeout: 20_000 }
  const { context, page } = await openConsole(browser, serve, { permissions })
  const nav = page.getByRole('navigation', { name: 'Main' })
  const form = page.getByRole('button', { name: 'Sign in' })
  // Whichever shows first; the other wait's later failure is not an error.
  const waits = [nav.waitFor(T), form.waitFor(T)]
  waits.forEach((w) => w.catch(() => {}))
  await Promise.any(waits)
  if (await form.isVisible()) {
    await signIn(page, { email, password })
    await nav.waitFor(T)
  }
  if (screen) await nav.getByRole('button', { name: screen }).click()
  return { context, page, nav }
}

/** Signs in through the form (remote platform). */
export async function signIn(page, { email = DEMO.admin, password = DEMO_PASSWORD } = {}) {
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

// ---- direct platform calls, for arranging state and checking the gateway ----

export async function api(base, method, p, { token, sudo, body, key } = {}) {
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (key) headers.Authorization = `Bearer ${key}`
  if (sudo) headers['X-Sudo-Token'] = sudo
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(base + '/api/v1' + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    /* CSV and friends */
  }
  return { status: res.status, headers: res.headers, json, text }
}

/** Signs in over the API; returns {token, sudo} with a sudo token ready. */
export async function apiSession(base, email = DEMO.admin, password = DEMO_PASSWORD) {
  const login = await api(base, 'POST', '/auth/login', { body: { email, password } })
  if (login.status !== 200) throw new Error(`login ${email}: ${login.status} ${login.text}`)
  const token = login.json.token
  const s = await api(base, 'POST', '/auth/sudo', { token, body: { password } })
  return { token, sudo: s.json?.sudo_token }
}

/** Creates a key over the API; returns {secret, key}. */
export async function apiCreateKey(base, session, body) {
  const r = await api(base, 'POST', '/platform/api-keys', {
    token: session.token,
    sudo: session.sudo,
    body: { environment: 'test', permissions: ['send_email'], ...body },
  })
  if (r.status !== 201) throw new Error(`create key: ${r.status} ${r.text}`)
  return { secret: r.json.api_key, key: r.json.key }
}

/** Moves a --test-clock sandbox's clock forward. */
export async function advanceClock(base, seconds) {
  const r = await api(base, 'POST', '/_test/clock', { body: { advance_seconds: seconds } })
  if (r.status !== 200) throw new Error(`advance clock: ${r.status} ${r.text}`)
  return r.json
}
