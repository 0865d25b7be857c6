package cli

import (
	"io"

	"golang.org/x/sys/unix"
)

// readPassword turns echo off, then shows the prompt, then reads a line:
// in that order, so nothing typed right after the prompt appears is echoed
// (term.ReadPassword would need the prompt first).
func readPassword(fd int, prompt func()) ([]byte, error) {
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return nil, err
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	quiet.Iflag |= unix.ICRNL
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return nil, err
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
	prompt()
	var line []byte
	var b [1]byte
	for {
		n, err := unix.Read(fd, b[:])
		switch {
		case n == 1 && b[0] == '\n':
			return line, nil
		case n == 1 && b[0] != '\r':
			line = append(line, b[0])
		case n == 1:
		case err == unix.EINTR:
		case err != nil:
			return nil, err
		default: // end of input
			if len(line) == 0 {
				return nil, io.EOF
			}
			return line, nil
		}
	}
}
