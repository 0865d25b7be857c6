//go:build !desktop

package main

// Without the Wails desktop tags wails.Run only prints an error and exits 0,
// so the window mode refuses to start instead (serve and sandbox still work).
const desktopBuild = false
