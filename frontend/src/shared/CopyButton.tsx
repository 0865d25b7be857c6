// Mantine's CopyButton API (a render prop with {copied, copy}) on the
// console's own copyText, which works in the desktop window too.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { copySecret, copyText } from '../lib/clipboard'

export interface CopyButtonProps {
  value: string
  timeout?: number
  /** The value holds a secret: it is cleared from the clipboard a minute later (see copySecret). */
  secret?: boolean
  children: (payload: { copied: boolean; copy: () => void }) => ReactNode
}

export function CopyButton({ value, timeout = 1500, secret = false, children }: CopyButtonProps) {
  const [copied, setCopied] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const copy = () => {
    void (secret ? copySecret : copyText)(value).then((ok) => {
      if (!ok) return
      setCopied(true)
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(false), timeout)
    })
  }
  return <>{children({ copied, copy })}</>
}
