package cache

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// A database closed and opened again in one process opens, even while other
// goroutines start child processes: a child forked in the moment of the
// close holds a copy of Badger's locked directory descriptor until it execs
// (the command line's tests met this as "data directory is in use" right
// after the previous command had stopped).
func TestReopenWhileChildProcessesStart(t *testing.T) {
	bin, err := exec.LookPath("true")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "db")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					exec.Command(bin).Run()
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	for i := range 40 {
		db, err := Open(dir, Options{Small: true})
		if err != nil {
			t.Fatalf("open %d after a clean close: %v", i, err)
		}
		if err := db.Set([]byte("n"), fmt.Appendf(nil, "%d", i), 0); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Only Badger's refusal of the directory lock means "in use": an EAGAIN met
// elsewhere in opening keeps its own words and its cause. (Badger gives
// such faults as text, so they are built here as it words them.)
func TestOnlyTheDirectoryLockMeansInUse(t *testing.T) {
	mmap := fmt.Errorf("while opening memtable: %w", syscall.EAGAIN)
	err := classifyOpenError("/data/console", mmap)
	if errors.Is(err, ErrLocked) || errors.Is(err, ErrCorrupt) {
		t.Fatalf("EAGAIN from a memtable mmap classified as %v", err)
	}
	if !errors.Is(err, syscall.EAGAIN) || !strings.Contains(err.Error(), "while opening memtable") ||
		!strings.Contains(err.Error(), "/data/console") {
		t.Fatalf("the fault lost its words or cause: %v", err)
	}
	bad := errors.New("Invalid manifest file")
	if err := classifyOpenError("/data/console", bad); !errors.Is(err, ErrCorrupt) || !errors.Is(err, bad) {
		t.Fatalf("damaged: %v, want ErrCorrupt wrapping the cause", err)
	}
}
