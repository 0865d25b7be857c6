// A time-series chart on uPlot (canvas; 100k points in milliseconds). The
// series are downsampled to the chart's pixel width first (MinMax keeps every
// spike), threshold lines can be drawn across (80 % / 95 % of a limit), and
// the colours follow the light or dark theme.
import { useComputedColorScheme } from '@mantine/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import './chart.css'
import { countScale } from './countScale'
import { minMax } from './downsample'
import { placeThresholdLabels } from './thresholdLabels'
import { clockTime, dayMonth, formatCompact, shortDateTime } from '../../lib/format'

export interface ChartSeries {
  label: string
  color: string
  values: ArrayLike<number | null>
  fill?: boolean
  dash?: number[]
  width?: number
}

export interface Threshold {
  value: number
  label: string
  color: string
}

export interface TimeSeriesChartProps {
  /** Unix seconds, ascending. */
  x: ArrayLike<number>
  series: ChartSeries[]
  height?: number
  thresholds?: Threshold[]
  yFormat?: (v: number) => string
  /** Called after each draw with the time from new data to drawn pixels. */
  onDraw?: (ms: number) => void
  ariaLabel?: string
  testId?: string
  /** The x axis spans at least this many seconds (ending at the last point),
   *  so a strip with a few seconds of data does not zoom into milliseconds. */
  xMinSpan?: number
  /** The y axis reaches at least this count (whole-number ticks from 0). */
  yMinTop?: number
}


/** X tick labels: the time at the step's precision, and the day under the
 *  first tick and wherever the day changes. uPlot's own labels put a full
 *  date and time under the first tick, which ran into its neighbours. */
export function timeTicks(splits: number[], incr: number): string[] {
  let prevDay = ''
  return splits.map((t, i) => {
    const d = new Date(t * 1000)
    const day = dayMonth(d)
    if (incr >= 86_400) return day
    const time = clockTime(d, incr < 60)
    const label = i === 0 || day !== prevDay ? `${time}\n${day}` : time
    prevDay = day
    return label
  })
}

function withAlpha(hex: string, a: number): string {
  const h = hex.replace('#', '')
  const n = parseInt(h.length === 3 ? h.replace(/./g, (c) => c + c) : h, 16)
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`
}

export default function TimeSeriesChart({
  x,
  series,
  height = 240,
  thresholds = [],
  yFormat,
  onDraw,
  ariaLabel,
  testId,
  xMinSpan = 0,
  yMinTop = 5,
}: TimeSeriesChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const drawStart = useRef(0)
  const onDrawRef = useRef(onDraw)
  onDrawRef.current = onDraw
  const thresholdsRef = useRef(thresholds)
  thresholdsRef.current = thresholds
  const [width, setWidth] = useState(0)
  const scheme = useComputedColorScheme('light')
  const dark = scheme === 'dark'

  // Follow the container's width; the canvas is redrawn at real pixels.
  useEffect(() => {
    const el = box.current
    if (!el) return
    setWidth(Math.floor(el.clientWidth))
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width)
      if (w > 0) setWidth(w)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const shape = series.map((s) => `${s.label}|${s.color}|${s.fill ? 1 : 0}|${(s.dash ?? []).join(',')}`).join(';')

  // (Re)create the plot when the series' shape, the theme or the height change.
  useEffect(() => {
    const el = box.current
    if (!el || width <= 0) return
    const axis = dark ? '#8b92a0' : '#6b7280'
    const grid = dark ? 'rgba(255,255,255,0.06)' : 'rgba(0,0,0,0.06)'
    const fmt = yFormat ?? formatCompact
    // The plot area is the height less the x axis (two-line labels).
    const plotHeight = Math.max(30, height - 50)
    let yTicks: number[] = []
    const opts: uPlot.Options = {
      width,
      height,
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      legend: { show: true, live: true },
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => (max - min < xMinSpan ? [max - xMinSpan, max] : max > min ? [min, max] : [min - 60, max + 60]),
        },
        y: {
          range: (_u, _min, max) => {
            const s = countScale(max, { minTop: yMinTop, marks: thresholdsRef.current.map((t) => t.value), plotHeight })
            yTicks = s.ticks
            return [0, s.max]
          },
        },
      },
      axes: [
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid, width: 1 },
          space: 64,
          values: (_u, splits, _axis, _space, incr) => timeTicks(splits, incr),
        },
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { show: false },
          size: 52,
          splits: () => yTicks,
          values: (_u, vals) => vals.map((v) => (v == null ? '' : fmt(v))),
        },
      ],
      series: [
        { label: 'Time', value: (_u: uPlot, v: number | null) => (v == null ? '—' : shortDateTime(new Date(v * 1000), true)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.5,
          dash: s.dash,
          fill: s.fill ? withAlpha(s.color, dark ? 0.18 : 0.12) : undefined,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v == null ? '—' : fmt(v)),
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            // Threshold lines across the plot, then their labels, placed
            // so that two lines close together never get overlapping labels.
            const ctx = u.ctx
            const dpr = devicePixelRatio
            const shown = thresholdsRef.current
              .map((t) => ({ t, y: Math.round(u.valToPos(t.value, 'y', true)) + 0.5 }))
              .filter(({ y }) => y >= u.bbox.top && y <= u.bbox.top + u.bbox.height)
            ctx.save()
            ctx.font = `${11 * dpr}px system-ui, sans-serif`
            for (const { t, y } of shown) {
              ctx.strokeStyle = t.color
              ctx.lineWidth = 1 * dpr
              ctx.setLineDash([6 * dpr, 4 * dpr])
              ctx.beginPath()
              ctx.moveTo(u.bbox.left, y)
              ctx.lineTo(u.bbox.left + u.bbox.width, y)
              ctx.stroke()
            }
            ctx.setLineDash([])
            const placed = placeThresholdLabels(
              shown.map(({ t, y }) => ({ y, width: ctx.measureText(t.label).width })),
              u.bbox,
              13 * dpr,
            )
            shown.forEach(({ t }, i) => {
              ctx.fillStyle = t.color
              ctx.textAlign = placed[i].align
              ctx.fillText(t.label, placed[i].x, placed[i].y)
            })
            ctx.restore()
            if (drawStart.current) {
              onDrawRef.current?.(performance.now() - drawStart.current)
              drawStart.current = 0
            }
          },
        ],
      },
    }
    drawStart.current = performance.now()
    const u = new uPlot(opts, [[]], el)
    plot.current = u
    return () => {
      u.destroy()
      plot.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, dark, height, width > 0, xMinSpan, yMinTop])

  useEffect(() => {
    plot.current?.setSize({ width, height })
  }, [width, height])

  // Downsample to the plot's pixel width (device pixels are not needed: two
  // points per column already draw every extreme).
  const data = useMemo(() => {
    const d = minMax(x, series.map((s) => s.values), Math.max(50, width))
    return [d.x, ...d.ys] as uPlot.AlignedData
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [x, series, width])

  useEffect(() => {
    const u = plot.current
    if (!u) return
    drawStart.current = drawStart.current || performance.now()
    u.setData(data)
  }, [data, shape, dark, height, width > 0])

  // Thresholds changed without new data: redraw.
  const thresholdKey = thresholds.map((t) => `${t.value}|${t.label}`).join(';')
  useEffect(() => {
    plot.current?.redraw(false, false)
  }, [thresholdKey])

  return <div ref={box} className="pm-chart" style={{ width: '100%', minHeight: height }} role="img" aria-label={ariaLabel} data-testid={testId} />
}
