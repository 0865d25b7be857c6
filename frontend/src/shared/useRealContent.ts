// Marks the page once a screen has painted real data from the platform (not
// a skeleton or a placeholder): <html data-content="real"> for tests in a
// browser, and Window.ContentShown for the window bench, which times "real
// content" by it rather than by counting colours (the splash logo alone has
// more than 30).
import { useEffect } from 'react'
import { contentShown } from '../api/window'

let marked = false

let settle: () => void = () => {}
/** Resolves once the first screen has settled: its data, or its error, is
 *  in the page. The window waits for it before it is drawn (App), so its
 *  first frame is the screen itself rather than skeletons, and the screen
 *  is laid out and painted once, not twice. */
export const firstScreenSettled: Promise<void> = new Promise((resolve) => (settle = resolve))

export function useRealContent(ready: boolean, screen: string, settled = ready) {
  useEffect(() => {
    if (settled) settle()
  }, [settled])
  useEffect(() => {
    if (!ready || marked) return
    let frame = requestAnimationFrame(() => {
      // the frame after the one holding the data: it has been drawn
      frame = requestAnimationFrame(() => {
        if (marked) return
        marked = true
        document.documentElement.dataset.content = 'real'
        void contentShown(screen).catch(() => {})
      })
    })
    return () => cancelAnimationFrame(frame)
  }, [ready, screen])
}
