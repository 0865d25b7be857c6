// Test setup: jest-dom matchers, and the browser APIs jsdom lacks that
// Mantine calls (color-scheme media queries, ResizeObserver for ScrollArea).
import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { clearDrafts } from '../lib/drafts'
import { failOnKeyWarnings } from './keyWarnings'

failOnKeyWarnings()

// Drafts live in module memory for the signed-in user; each test starts
// with none.
afterEach(() => {
  cleanup()
  clearDrafts()
})

if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  })
}

class ResizeObserverShim {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in window)) {
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverShim })
}

// Mantine's Combobox scrolls options into view.
if (!window.HTMLElement.prototype.scrollIntoView) {
  window.HTMLElement.prototype.scrollIntoView = () => {}
}

// CodeMirror measures text ranges (its selection layer); jsdom's Range has no
// geometry, and the TypeError it printed buried real warnings in the output.
if (!Range.prototype.getClientRects) {
  const none = { length: 0, item: () => null, [Symbol.iterator]: function* () {} }
  Range.prototype.getClientRects = () => none as unknown as DOMRectList
  Range.prototype.getBoundingClientRect = () =>
    ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) }) as DOMRect
}
