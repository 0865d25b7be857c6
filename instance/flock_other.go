//go:build !unix

package instance

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked")

// Without flock the lock is Badger's own: a second start meets its error.
func lockFile(*os.File) error { return nil }

func unlockFile(*os.File) {}
