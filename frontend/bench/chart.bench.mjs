// Chart draw benchmark (SPEC §6: a chart of 43,200 points draws < 100 ms).
// Builds a tiny page around the Usage screen's TimeSeriesChart with Vite,
// serves it on loopback, and times it in headless Chromium.
//   node frontend/bench/chart.bench.mjs [runs]
import { createServer } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import react from '@vitejs/plugin-react'
import { launchBrowser } from '../e2e/harness.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const runs = Number(process.argv[2] ?? 15)
const out = mkdtempSync(path.join(tmpdir(), 'pm-chart-bench-'))

await build({
  root: here,
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: { outDir: out, emptyOutDir: true, rollupOptions: { input: path.join(here, 'chart.html') } },
})

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
const server = createServer((req, res) => {
  const p = path.join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname))
  if (!p.startsWith(out) || !existsSync(p)) {
    res.writeHead(404).end()
    return
  }
  res.writeHead(200, { 'Content-Type': types[path.extname(p)] ?? 'application/octet-stream' })
  res.end(readFileSync(p))
})
await new Promise((r) => server.listen(0, '127.0.0.1', r))
const url = `http://127.0.0.1:${server.address().port}/chart.html`

const browser = await launchBrowser()
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 400 } })
  page.on('pageerror', (e) => console.error('page error:', e.message))
  await page.goto(url)
  await page.waitForFunction(() => typeof window.runBench === 'function')
  const r = await page.evaluate((n) => window.runBench(n), runs)
  const fmt = (v) => v.toFixed(1)
  console.log(`draw 43200 points: ${fmt(r.median.chart)} ms (median of ${runs}; TimeSeriesChart, MinMax to 1200 px, 3 series, headless Chromium, no GPU) — bar < 100 ms`)
  console.log(`  for comparison, uPlot alone on all 43200 raw points: ${fmt(r.median.raw)} ms (median of ${runs})`)
  if (r.median.chart >= 100) process.exitCode = 1
} finally {
  await browser.close()
  server.close()
  rmSync(out, { recursive: true, force: true })
}
