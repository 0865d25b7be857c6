import { describe, expect, it } from 'vitest'
import { families, installedStack } from './fontStacks'

// A font engine with these installed families; any other family falls back
// to the next one in the list, as WebKit does. Widths per family are made up
// but distinct, as real fonts' are.
function engine(installed: Record<string, number>) {
  const asked: string[] = []
  const width = (font: string) => {
    asked.push(font)
    for (const f of families(font.replace(/^72px /, ''))) {
      const w = installed[f.replace(/"/g, '')]
      if (w !== undefined) return w
    }
    throw new Error(`no font for ${font}`)
  }
  return { width, asked }
}

const STACK = 'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

describe('installedStack', () => {
  it('keeps the installed families in order and the generic fallback', () => {
    const { width } = engine({ Arial: 510, 'sans-serif': 530, monospace: 700, serif: 480 })
    expect(installedStack(STACK, width)).toBe('Arial, sans-serif')
  })

  it('keeps the first choice where it is installed, so the page looks the same', () => {
    const { width } = engine({ 'Segoe UI': 505, Arial: 510, 'sans-serif': 530, monospace: 700, serif: 480 })
    expect(installedStack(STACK, width)).toBe('"Segoe UI", Arial, sans-serif')
  })

  it('keeps a family as wide as one fallback (a monospace font next to monospace)', () => {
    const { width } = engine({ Consolas: 700, monospace: 700, serif: 480 })
    expect(installedStack('ui-monospace, Menlo, Consolas, monospace', width)).toBe('Consolas, monospace')
  })

  it('keeps only the fallback when nothing of the stack is installed', () => {
    const { width } = engine({ 'sans-serif': 530, monospace: 700, serif: 480 })
    expect(installedStack(STACK, width)).toBe('sans-serif')
  })

  it('leaves a one-family stack alone, asking nothing', () => {
    const { width, asked } = engine({ monospace: 700, serif: 480 })
    expect(installedStack('monospace', width)).toBe('monospace')
    expect(asked).toEqual([])
  })
})
