//go:build !linux

package cli

import "golang.org/x/term"

// readPassword shows the prompt and reads a line without echo.
func readPassword(fd int, prompt func()) ([]byte, error) {
	prompt()
	return term.ReadPassword(fd)
}
