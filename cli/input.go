package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// input reads what a command asks for: from the terminal (a password
// without echo) or, in a script, one line of stdin per question.
type input struct {
	br  *bufio.Reader
	fd  int
	tty bool
}

func newInput(r io.Reader) *input {
	if r == nil {
		r = strings.NewReader("")
	}
	in := &input{br: bufio.NewReader(r)}
	if f, ok := r.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		in.tty, in.fd = true, int(f.Fd())
	}
	return in
}

var errNoInput = errors.New("nothing to read on stdin")

// line reads one line of stdin, without its line ending.
func (in *input) line() (string, error) {
	s, err := in.br.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || s == "") {
		if errors.Is(err, io.EOF) {
			return "", errNoInput
		}
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// ask prints prompt on stderr and reads a line (a terminal echoes it).
func (in *input) ask(prompt string, stderr io.Writer) (string, error) {
	if in.tty {
		fmt.Fprint(stderr, prompt)
	}
	return in.line()
}

// password reads a password: on a terminal after prompt, without echo; in
// a script, one line of stdin. Ctrl+C while typing restores the terminal.
func (in *input) password(ctx context.Context, prompt string, stderr io.Writer) (string, error) {
	if !in.tty {
		return in.line()
	}
	state, err := term.GetState(in.fd)
	if err != nil {
		return "", err
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := readPassword(in.fd, func() { fmt.Fprint(stderr, prompt) })
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(stderr)
		return string(r.b), r.err
	case <-ctx.Done():
		_ = term.Restore(in.fd, state)
		fmt.Fprintln(stderr)
		return "", ctx.Err()
	}
}
