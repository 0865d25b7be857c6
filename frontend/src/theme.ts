// The console's look: the PenguinMails brand colour (#0ea5e9 is shade 5 of
// 'brand'), a cool neutral dark palette, system fonts, bordered cards.
import { createTheme, darken, DEFAULT_THEME, Modal, Notification, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'

export const BRAND_HEX = '#0ea5e9'

const brand: MantineColorsTuple = [
  '#f0f9ff',
  '#e0f2fe',
  '#bae6fd',
  '#7dd3fc',
  '#38bdf8',
  BRAND_HEX,
  '#0284c7',
  '#0369a1',
  '#075985',
  '#0c4a6e',
]

// A cooler, slightly blue-tinted dark scale than Mantine's default grey, so
// the dark theme reads like a product rather than a terminal.
const dark: MantineColorsTuple = [
  '#d5d8de',
  '#b4b9c3',
  '#8b92a0',
  '#5f6675',
  '#3b414d',
  '#2a2f39',
  '#1d212a',
  '#151921',
  '#10131a',
  '#0b0d12',
]

export const theme = createTheme({
  primaryColor: 'brand',
  // Filled buttons use shade 7 in both themes: white text on #0ea5e9 is too
  // faint to read (2.8:1), on #0284c7 still under WCAG AA (4.1:1); on
  // #0369a1 it is 5.9:1 (axe in the e2e suite checks every screen).
  primaryShade: { light: 7, dark: 7 },
  colors: { brand, dark },
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.375rem', lineHeight: '1.3' },
      h3: { fontSize: '1.0625rem', lineHeight: '1.35' },
    },
  },
  components: {
    // Cards are drawn flat, with a border and no shadow: WebKitGTK paints in
    // software in the desktop window, where a blurred shadow under every card
    // cost about 0.2 s of the first screen (real content 1.30 s with the
    // shadows, 1.09 s without, scripts/bench-window.sh side by side).
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Badge: { defaultProps: { variant: 'light', radius: 'sm' } },
    Button: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 250 } },
    // Every dialog's close button has a name (axe: button-name).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
})

// Mantine's dimmed grey (#868e96) is 3.3:1 on white: below WCAG AA's 4.5:1
// for text. These greys read as secondary and still pass, on white and on the
// light grey panels (light), and on the dark cards (dark).
// Likewise coloured text (c="red") and light badges use shade 9 or lighter,
// which is under 4.5:1 on white or on their own tint for green, yellow,
// orange and red: in the light scheme they are darkened until they pass.
const TINTED = ['red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange', 'gray'] as const

function lightTextColors(): Record<string, string> {
  const out: Record<string, string> = {}
  const all: Record<string, readonly string[]> = { ...DEFAULT_THEME.colors, brand }
  for (const c of [...TINTED, 'brand']) {
    const nine = all[c][9]
    out[`--mantine-color-${c}-text`] = darken(nine, c === 'yellow' || c === 'orange' || c === 'lime' ? 0.35 : 0.15)
    out[`--mantine-color-${c}-light-color`] = darken(nine, c === 'yellow' || c === 'orange' || c === 'lime' ? 0.45 : 0.3)
  }
  return out
}

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c6370', ...lightTextColors() },
  dark: { '--mantine-color-dimmed': '#a3aab8' },
})
