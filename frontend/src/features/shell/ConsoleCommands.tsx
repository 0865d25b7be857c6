// What moves the console from outside its screens: the window's native menu
// (events from window_menu.go), the command palette (Ctrl/Cmd+K) and the
// Export dialog they share. Rendered once inside the signed-in shell.
import { useEffect, useState } from 'react'
import { on } from '../../api/transport'
import { MENU_EVENTS } from '../../api/window'
import { runEditCommand, type EditCommand } from '../../lib/editCommands'
import { useNav, type Page } from '../../nav'
import { NAV_ITEMS } from './AppShellLayout'
import CommandPalette from './CommandPalette'
import ExportDialog from './ExportDialog'

export default function ConsoleCommands() {
  const { navigate } = useNav()
  const [exporting, setExporting] = useState(false)

  useEffect(() => {
    const pages = new Set<string>(NAV_ITEMS.map((n) => n.page))
    const offs = [
      on<string>(MENU_EVENTS.navigate, (page) => {
        if (pages.has(page)) navigate(page as Page)
      }),
      on(MENU_EVENTS.createKey, () => navigate('keys', { create: '1' })),
      on(MENU_EVENTS.export, () => setExporting(true)),
      on(MENU_EVENTS.docs, () => navigate('docs')),
      on<EditCommand>(MENU_EVENTS.edit, (cmd) => void runEditCommand(cmd)),
    ]
    return () => offs.forEach((off) => off())
  }, [navigate])

  return (
    <>
      <CommandPalette onExport={() => setExporting(true)} />
      <ExportDialog opened={exporting} onClose={() => setExporting(false)} />
    </>
  )
}
