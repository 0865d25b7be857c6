// Command tsgen writes frontend/src/api/types.gen.ts: the TypeScript of every
// Go type the UI's bound methods take and return, found from the methods
// themselves (app.App.Bindings), so a type that moves to another package, or
// a method that starts returning a new one, is picked up by the next run
// without a list to update. Run it from the repository root: `make types`.
// With -check it writes nothing and fails when the file is out of date.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"reflect"

	"github.com/penguinmails/console/app"
)

const output = "frontend/src/api/types.gen.ts"

func main() {
	check := flag.Bool("check", false, "compare with the committed file instead of writing it")
	flag.Parse()
	g := newGenerator(".")
	for _, b := range (&app.App{}).Bindings() {
		g.service(reflect.TypeOf(b))
	}
	src, err := g.render()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tsgen:", err)
		os.Exit(1)
	}
	if *check {
		old, _ := os.ReadFile(output)
		if !bytes.Equal(old, src) {
			fmt.Fprintf(os.Stderr, "tsgen: %s is out of date with the Go types the UI's bound methods use.\nRun `make types` and commit the result.\n", output)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(output, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "tsgen:", err)
		os.Exit(1)
	}
}
