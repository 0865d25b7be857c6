// Where focus goes when a key dialog (Edit, Rotate, Revoke) closes: back to
// the control that opened it, or, when that control is gone (a revoked key
// has no Revoke button, a rotating one no Rotate button, a row's menu item
// closed with its menu), to the key's card or row. Never the page body,
// which sends a keyboard user back to the top of the page.
//
// Mantine's modals return focus themselves, but not here: the Edit dialog is
// remounted per key (so its return target is lost) and the other targets
// often vanish once the list reloads. So the opener is remembered when the
// dialog opens and focus is placed after the modal's own attempt (10 ms).
import { useRef } from 'react'

const AFTER_MODAL_MS = 50

/** The control that has focus now; for an item of a menu, the menu's button (the item closes with it). */
function currentOpener(): HTMLElement | null {
  const el = document.activeElement as HTMLElement | null
  if (!el || el === document.body) return null
  const menu = el.closest<HTMLElement>('[role="menu"]')
  if (menu?.id) return document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`) ?? el
  return el
}

function usable(el: HTMLElement | null): el is HTMLElement {
  return !!el && el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0
}

function keyElement(keyId: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-key-id="${CSS.escape(keyId)}"]`)
}

export function useDialogFocus() {
  const opener = useRef<{ el: HTMLElement | null; keyId: string } | null>(null)
  return {
    /** Call when a dialog about keyId opens. */
    remember(keyId: string) {
      opener.current = { el: currentOpener(), keyId }
    },
    /** Call when it closes; toKey when the opener has no more use (the key was revoked). */
    restore({ toKey = false } = {}) {
      const o = opener.current
      opener.current = null
      if (!o) return
      setTimeout(() => {
        const target = !toKey && usable(o.el) ? o.el : keyElement(o.keyId)
        if (!target) return
        target.focus({ preventScroll: true })
        target.scrollIntoView?.({ block: 'nearest' })
      }, AFTER_MODAL_MS)
    },
  }
}
