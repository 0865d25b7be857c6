// Benchmark page: the Usage screen's TimeSeriesChart drawing 30 days of
// per-minute data (43,200 points × 3 series), timed from new data to drawn
// pixels (downsampling included). Also uPlot alone on the raw points, for
// comparison. Driven by chart.bench.mjs through window.runBench.
import '@mantine/core/styles.css'
import { MantineProvider } from '@mantine/core'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import uPlot from 'uplot'
import TimeSeriesChart, { type ChartSeries } from '../src/features/usage/TimeSeriesChart'

const N = 43_200

function makeData(seed: number) {
  const x = new Float64Array(N)
  const a = new Float64Array(N)
  const b = new Float64Array(N)
  const c = new Float64Array(N)
  const t0 = Math.floor(Date.now() / 1000) - N * 60
  let s = seed
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  for (let i = 0; i < N; i++) {
    x[i] = t0 + i * 60
    const base = 120 + 80 * Math.sin(i / 720) + rnd() * 40
    a[i] = Math.round(base)
    c[i] = Math.round(rnd() * 6)
    b[i] = a[i] - c[i]
  }
  return { x, series: [a, b, c] }
}

type Run = { resolve: (ms: number) => void; start: number }
let pending: Run | null = null
let setData: (d: ReturnType<typeof makeData>) => void = () => {}

function Bench() {
  const [d, setD] = useState(() => makeData(1))
  setData = setD
  const series: ChartSeries[] = [
    { label: 'Total', color: '#0ea5e9', values: d.series[0], fill: true },
    { label: 'Success', color: '#12b886', values: d.series[1] },
    { label: 'Errors', color: '#fa5252', values: d.series[2] },
  ]
  return (
    <TimeSeriesChart
      x={d.x}
      series={series}
      height={240}
      onDraw={() => {
        if (pending) {
          const p = pending
          pending = null
          p.resolve(performance.now() - p.start)
        }
      }}
    />
  )
}

createRoot(document.getElementById('root')!).render(
  <MantineProvider>
    <Bench />
  </MantineProvider>,
)

const median = (v: number[]) => {
  const s = [...v].sort((p, q) => p - q)
  return s[Math.floor(s.length / 2)]
}

declare global {
  interface Window {
    runBench: (runs: number) => Promise<{ chart: number[]; raw: number[] }>
  }
}

window.runBench = async (runs: number) => {
  // Let the first mount finish.
  await new Promise((r) => setTimeout(r, 300))
  const chart: number[] = []
  for (let i = 0; i < runs; i++) {
    const d = makeData(i + 2)
    chart.push(
      await new Promise<number>((resolve) => {
        pending = { resolve, start: performance.now() }
        setData(d)
      }),
    )
    await new Promise((r) => setTimeout(r, 20))
  }
  // uPlot alone, every raw point, same size.
  const raw: number[] = []
  const host = document.createElement('div')
  document.body.appendChild(host)
  for (let i = 0; i < runs; i++) {
    const d = makeData(i + 100)
    const start = performance.now()
    const ms = await new Promise<number>((resolve) => {
      const u = new uPlot(
        {
          width: 1200,
          height: 240,
          series: [{}, { stroke: '#0ea5e9' }, { stroke: '#12b886' }, { stroke: '#fa5252' }],
          hooks: { draw: [() => resolve(performance.now() - start)] },
        },
        [d.x as unknown as number[], ...(d.series as unknown as number[][])],
        host,
      )
      setTimeout(() => u.destroy(), 0)
    })
    raw.push(ms)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { chart, raw, median: { chart: median(chart), raw: median(raw) } } as never
}
