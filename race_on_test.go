//go:build race

package main

// stopBound is how long a SIGTERM may take under the race detector, which
// makes the console several times slower; the 5 s promise is for the
// binary people run (see stop).
const stopBound = 15e9
