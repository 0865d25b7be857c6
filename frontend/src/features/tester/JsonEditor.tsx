// The JSON body editor: CodeMirror 6 with JSON highlighting, a syntax
// linter, and the endpoint's schema checked as you type.
import { useComputedColorScheme } from '@mantine/core'
import { json, jsonParseLinter } from '@codemirror/lang-json'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { tags as t } from '@lezer/highlight'
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint'
import { Compartment, EditorState } from '@codemirror/state'
import { EditorView, basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'
import type { BodyValidator } from './schemaValidator'

// JSON colours for each scheme: keys in the brand blue, strings green,
// numbers amber, true/false/null violet; readable on both backgrounds.
const highlightFor = (dark: boolean) =>
  syntaxHighlighting(
    HighlightStyle.define([
      { tag: t.propertyName, color: dark ? '#7dd3fc' : '#0369a1' },
      { tag: t.string, color: dark ? '#86efac' : '#15803d' },
      { tag: t.number, color: dark ? '#fcd34d' : '#b45309' },
      { tag: [t.bool, t.null], color: dark ? '#c4b5fd' : '#7c3aed' },
      { tag: [t.brace, t.squareBracket, t.separator, t.punctuation], color: dark ? '#9ca3af' : '#6b7280' },
    ]),
  )

const themeFor = (dark: boolean) => [
  highlightFor(dark),
  EditorView.theme(
    {
      '&': {
        fontSize: '13px',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        backgroundColor: 'var(--mantine-color-body)',
        color: 'var(--mantine-color-text)',
      },
      '&.cm-focused': { outline: '2px solid var(--mantine-color-brand-5)', outlineOffset: '-1px' },
      '.cm-content': { fontFamily: 'var(--mantine-font-family-monospace)', caretColor: 'var(--mantine-color-text)' },
      '.cm-gutters': {
        backgroundColor: 'var(--mantine-color-default-hover)',
        color: 'var(--mantine-color-dimmed)',
        border: 'none',
      },
      '.cm-activeLine': { backgroundColor: dark ? '#ffffff08' : '#0ea5e908' },
      '.cm-activeLineGutter': { backgroundColor: 'transparent' },
      '.cm-scroller': { minHeight: '160px', maxHeight: '360px', overflow: 'auto' },
    },
    { dark },
  ),
]

export default function JsonEditor({
  value,
  onChange,
  validator,
  label = 'Request body (JSON)',
}: {
  value: string
  onChange: (v: string) => void
  validator: BodyValidator | null
  label?: string
}) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const lintConf = useRef(new Compartment())
  const themeConf = useRef(new Compartment())
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const dark = useComputedColorScheme('light') === 'dark'

  const lintExt = (v: BodyValidator | null) =>
    linter(
      (ev) => {
        const syntax = jsonParseLinter()(ev)
        if (syntax.length || !v) return syntax
        return v(ev.state.doc.toString()).map<Diagnostic>((p) => ({ ...p, severity: 'error', source: 'schema' }))
      },
      { delay: 250 },
    )

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          json(),
          lintGutter(),
          lintConf.current.of(lintExt(validator)),
          themeConf.current.of(themeFor(dark)),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = v
    return () => v.destroy()
    // The editor is created once; props flow in through the effects below.
  }, [])

  useEffect(() => {
    const v = view.current
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } })
    }
  }, [value])

  useEffect(() => {
    view.current?.dispatch({ effects: lintConf.current.reconfigure(lintExt(validator)) })
  }, [validator])

  useEffect(() => {
    view.current?.dispatch({ effects: themeConf.current.reconfigure(themeFor(dark)) })
  }, [dark])

  return <div ref={host} data-testid="json-editor" />
}
