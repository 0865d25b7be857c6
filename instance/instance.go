// Package instance keeps one console per data directory. The first console
// to start on a directory holds an advisory lock on a file in it and
// answers on a local socket; a second start finds the lock taken, asks the
// first to bring its window to the front, and leaves with a message instead
// of meeting Badger's "database locked" error.
package instance

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Running is returned by Acquire when another console holds the directory.
type Running struct {
	DataDir string
	PID     int
	Mode    string // window, serve, … as the holder wrote it
	// Shown is true when the holder brought its window to the front.
	Shown bool
}

func (r *Running) Error() string {
	who := "another console"
	if r.PID > 0 {
		who = fmt.Sprintf("another console (%s mode, pid %d)", r.Mode, r.PID)
	}
	return fmt.Sprintf("%s is already running on %s; close it first, or pass another --data-dir", who, r.DataDir)
}

// Lock is this process's hold on a data directory.
type Lock struct {
	f  *os.File
	ln net.Listener

	mu     sync.Mutex
	onShow func()
	wg     sync.WaitGroup
}

const lockName = "instance.lock"

// Acquire takes dataDir for this process (mode names it for a second
// start's message). When another process holds it, Acquire asks that one
// to show its window and returns a *Running error.
func Acquire(dataDir, mode string) (*Lock, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data directory: %w", err)
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(abs, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the instance lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, askRunning(abs)
		}
		return nil, fmt.Errorf("lock the data directory: %w", err)
	}
	l := &Lock{f: f}
	// The socket is for a second start; without it a second start still
	// gets a clear message (it cannot bring the window up, though).
	if runtime.GOOS != "linux" {
		os.Remove(socketAddr(abs)) // left by a console that was killed; the lock is ours
	}
	if ln, err := net.Listen("unix", socketAddr(abs)); err == nil {
		l.ln = ln
		l.wg.Add(1)
		go l.serve()
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(fmt.Sprintf("%d %s\n", os.Getpid(), mode)), 0)
	}
	return l, nil
}

// OnShow sets what a second start's request does (the window brings itself
// to the front); nil means there is nothing to show.
func (l *Lock) OnShow(f func()) {
	l.mu.Lock()
	l.onShow = f
	l.mu.Unlock()
}

// Release gives the directory up.
func (l *Lock) Release() {
	if l.ln != nil {
		l.ln.Close()
		l.wg.Wait()
	}
	l.f.Truncate(0)
	unlockFile(l.f)
	l.f.Close()
}

// serve answers second starts: "show" brings the window up.
func (l *Lock) serve() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			return
		}
		c.SetDeadline(time.Now().Add(2 * time.Second))
		line, _ := bufio.NewReader(c).ReadString('\n')
		reply := "none\n"
		if strings.TrimSpace(line) == "show" {
			l.mu.Lock()
			show := l.onShow
			l.mu.Unlock()
			if show != nil {
				show()
				reply = "shown\n"
			}
		}
		c.Write([]byte(reply))
		c.Close()
	}
}

// askRunning tells who holds dir and asks it to show its window.
func askRunning(dir string) error {
	r := &Running{DataDir: dir}
	if b, err := os.ReadFile(filepath.Join(dir, lockName)); err == nil {
		fields := strings.Fields(string(b))
		if len(fields) == 2 {
			r.PID, _ = strconv.Atoi(fields[0])
			r.Mode = fields[1]
		}
	}
	c, err := net.DialTimeout("unix", socketAddr(dir), 2*time.Second)
	if err != nil {
		return r
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	if _, err := c.Write([]byte("show\n")); err != nil {
		return r
	}
	reply, _ := bufio.NewReader(c).ReadString('\n')
	r.Shown = strings.TrimSpace(reply) == "shown"
	return r
}

// socketAddr is where the holder of dir answers. On Linux an abstract
// socket (no file to leave behind, no path length limit) named after the
// directory; elsewhere a socket file in it.
func socketAddr(dir string) string {
	if runtime.GOOS == "linux" {
		sum := sha256.Sum256([]byte(dir))
		return "@penguinmails-console-" + hex.EncodeToString(sum[:12])
	}
	return filepath.Join(dir, "instance.sock")
}
