//go:build desktop

package main

// desktopBuild is true when built with the Wails tags (make build / wails build).
const desktopBuild = true
