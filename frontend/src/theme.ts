// The console's look: the PenguinMails brand colour (#0ea5e9 is shade 5 of
// 'brand'), a cool neutral dark palette, system fonts, bordered cards.
import { createTheme, type MantineColorsTuple } from '@mantine/core'

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
  // Filled buttons use shade 6 in both themes: white text on #0ea5e9 is too
  // faint to read (2.8:1); on #0284c7 it is 4.1:1, and that shade still
  // stands out from the dark background (4.3:1).
  primaryShade: { light: 6, dark: 6 },
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
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg', shadow: 'xs' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Badge: { defaultProps: { variant: 'light', radius: 'sm' } },
    Button: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 250 } },
  },
})
