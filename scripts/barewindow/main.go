// Command barewindow is the baseline for the console's window benchmarks: a
// Wails v2 window with one static page and nothing else, built with the
// same tags, measured side by side with the console by scripts/bench-window.sh.
package main

import (
	"embed"
	"log"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed index.html
var assets embed.FS

func main() {
	err := wails.Run(&options.App{
		Title:       "Bare Wails Window",
		Width:       1320,
		Height:      860,
		AssetServer: &assetserver.Options{Assets: assets},
		Linux:       &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		log.Fatal(err)
	}
}
