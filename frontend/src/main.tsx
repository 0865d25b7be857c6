import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import App from './App'
import { inWindow } from './api/transport'
import { applyInstalledFonts } from './shared/fontStacks'
import { theme } from './theme'

// Before the first render, so no text is laid out with the full stacks.
if (inWindow()) {
  applyInstalledFonts({
    body: theme.fontFamily!,
    headings: theme.headings?.fontFamily ?? theme.fontFamily!,
    monospace: theme.fontFamilyMonospace!,
  })
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
