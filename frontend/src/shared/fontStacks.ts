// The theme's font stacks cut down to the families this machine has, for the
// desktop window. WebKitGTK asks fontconfig about each family of a
// font-family list in turn, for every size and weight the page uses, until
// one is installed: with the theme's stacks (Inter, system-ui, Segoe UI,
// Roboto, Helvetica Neue before Arial on a usual Linux desktop) that was
// about a fifth of the web process's work before the first frame. Each
// family is asked about once here instead, at one size. A family is kept
// when text set in it measures differently from the same text in either of
// two fallbacks, which is when WebKit would use it; the first family kept is
// the one WebKit would have picked from the whole stack, so the page looks
// the same, only sooner.

const SAMPLE = 'mmmmmmmmmmlli10WQ@#'
const BASES = ['monospace', 'serif']

/** The families of a CSS font-family list, as written (quotes kept). */
export function families(stack: string): string[] {
  return stack
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
}

/** stack without the families width shows are not installed; the last
 *  family (the generic fallback) always stays. width(font) measures SAMPLE
 *  in a CSS font shorthand. */
export function installedStack(stack: string, width: (font: string) => number): string {
  const all = families(stack)
  if (all.length < 2) return stack
  const base = new Map(BASES.map((b) => [b, width(`72px ${b}`)]))
  const kept = all.slice(0, -1).filter((f) => BASES.some((b) => width(`72px ${f}, ${b}`) !== base.get(b)))
  return [...kept, all[all.length - 1]].join(', ')
}

/** Sets Mantine's font variables on <html> to the installed part of the
 *  theme's stacks (an inline style wins over the provider's :root rule). */
export function applyInstalledFonts(stacks: { body: string; headings: string; monospace: string }) {
  const ctx = document.createElement('canvas').getContext('2d')
  if (!ctx) return
  const width = (font: string) => {
    ctx.font = font
    return ctx.measureText(SAMPLE).width
  }
  const root = document.documentElement.style
  root.setProperty('--mantine-font-family', installedStack(stacks.body, width))
  root.setProperty('--mantine-font-family-headings', installedStack(stacks.headings, width))
  root.setProperty('--mantine-font-family-monospace', installedStack(stacks.monospace, width))
}
