// Cards or table, remembered per user on this machine: a display preference,
// not data, so localStorage is the right place (nothing about keys is kept).
import { useCallback, useState } from 'react'

export type KeysView = 'cards' | 'table'

const storageKey = (user: string) => `pm-console:keys-view:${user}`

export function readKeysView(user: string | undefined): KeysView {
  try {
    return user && localStorage.getItem(storageKey(user)) === 'table' ? 'table' : 'cards'
  } catch {
    return 'cards'
  }
}

export function useKeysView(user: string | undefined): [KeysView, (v: KeysView) => void] {
  const [view, setView] = useState<KeysView>(() => readKeysView(user))
  const set = useCallback(
    (v: KeysView) => {
      setView(v)
      try {
        if (user) localStorage.setItem(storageKey(user), v)
      } catch {
        /* storage refused: the choice lasts this visit */
      }
    },
    [user],
  )
  return [view, set]
}
