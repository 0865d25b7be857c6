//go:build !race

package main

// stopBound is the promise of issue #17: exit within 5 s of SIGTERM.
const stopBound = 5e9
