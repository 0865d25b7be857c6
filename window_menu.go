package main

import (
	"strconv"

	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// screens are the console's screens as the UI's sidebar lists them
// (NAV_ITEMS in frontend/src/features/shell/AppShellLayout.tsx; a test keeps
// the two lists the same). View → screen n has Ctrl+n.
var screens = []struct{ page, label string }{
	{"overview", "Overview"},
	{"keys", "API Keys"},
	{"docs", "Docs & Tester"},
	{"usage", "Usage"},
	{"logs", "Logs"},
	{"alerts", "Alerts & Jobs"},
	{"settings", "Settings"},
}

// Events the menu sends the UI (frontend/src/api/menu.ts handles them).
const (
	eventMenuNavigate  = "menu:navigate"   // data: the page
	eventMenuCreateKey = "menu:create-key" // File → Create API Key…
	eventMenuExport    = "menu:export"     // File → Export…
	eventMenuEdit      = "menu:edit"       // data: undo, redo, cut, copy, paste, selectAll
	eventMenuDocs      = "menu:docs"       // Help → Documentation
	eventMenuAbout     = "menu:about"      // Help → About (the About dialog listens)
)

// appMenu is the window's native menu. Its items act through the UI (an
// event per item), so the menu, the command palette and the UI's own
// buttons do one thing one way.
func appMenu(l *windowLife) *menu.Menu {
	emit := func(event string, data ...any) func(*menu.CallbackData) {
		return func(*menu.CallbackData) {
			if wctx := l.context(); wctx != nil {
				runtime.EventsEmit(wctx, event, data...)
			}
		}
	}
	m := menu.NewMenu()

	file := m.AddSubmenu("File")
	file.AddText("Create API Key…", keys.CmdOrCtrl("n"), emit(eventMenuCreateKey))
	file.AddText("Export…", keys.CmdOrCtrl("e"), emit(eventMenuExport))
	file.AddSeparator()
	file.AddText("Quit", keys.CmdOrCtrl("q"), func(*menu.CallbackData) {
		if wctx := l.context(); wctx != nil {
			runtime.Quit(wctx)
		}
	})

	// The standard editing items. They carry no accelerator: GTK would take
	// Ctrl+C and the others from the page's text fields and editors, which
	// handle those keys natively (and show them in their own context menu).
	edit := m.AddSubmenu("Edit")
	edit.AddText("Undo", nil, emit(eventMenuEdit, "undo"))
	edit.AddText("Redo", nil, emit(eventMenuEdit, "redo"))
	edit.AddSeparator()
	edit.AddText("Cut", nil, emit(eventMenuEdit, "cut"))
	edit.AddText("Copy", nil, emit(eventMenuEdit, "copy"))
	edit.AddText("Paste", nil, emit(eventMenuEdit, "paste"))
	edit.AddSeparator()
	edit.AddText("Select All", nil, emit(eventMenuEdit, "selectAll"))

	view := m.AddSubmenu("View")
	for i, s := range screens {
		view.AddText(s.label, keys.CmdOrCtrl(strconv.Itoa(i+1)), emit(eventMenuNavigate, s.page))
	}
	view.AddSeparator()
	view.AddText("Reload", keys.CmdOrCtrl("r"), func(*menu.CallbackData) {
		if wctx := l.context(); wctx != nil {
			runtime.WindowReloadApp(wctx)
		}
	})

	help := m.AddSubmenu("Help")
	help.AddText("Documentation", keys.Key("f1"), emit(eventMenuDocs))
	help.AddText("About PenguinMails Developer Console", nil, emit(eventMenuAbout))
	return m
}
