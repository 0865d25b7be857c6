//go:build race

package main

// stopBound is how long a SIGTERM may take under the race detector, which
// makes the console five to ten times slower on a loaded machine: here the
// test checks that the stop is clean and ends by itself. The 5 s promise is
// checked without it, and on the production binary by
// scripts/desktop-integration.sh.
const stopBound = 30e9
