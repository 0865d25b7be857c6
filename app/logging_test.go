package app

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoggerMasksSecretsInBothOutputs(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	log, closer, err := NewLogger(dir, "debug", &stderr)
	if err != nil {
		t.Fatal(err)
	}
	secret := "pm_live_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u_c0ffee"
	log.WithField("auth", "Bearer "+secret).Infof("calling with %s", strings.Replace(secret, "live", "test", 1))
	closer.Close()

	file, err := os.ReadFile(filepath.Join(dir, "logs", "console.log"))
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"stderr": stderr.String(), "file": string(file)} {
		if strings.Contains(out, "Zm9vYmFy") {
			t.Errorf("%s holds the secret: %s", name, out)
		}
		if !strings.Contains(out, "pm_live_[REDACTED]") || !strings.Contains(out, "pm_test_[REDACTED]") {
			t.Errorf("%s does not show the masked form: %s", name, out)
		}
	}
	if !strings.HasPrefix(string(file), "{") {
		t.Errorf("log file is not JSON lines: %s", file)
	}
}

func TestLoggerRejectsUnknownLevel(t *testing.T) {
	if _, _, err := NewLogger(t.TempDir(), "loud", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "loud") {
		t.Fatalf("want an error naming the bad level, got %v", err)
	}
}

// The log file rotates at its size cap and keeps a bounded number of
// compressed backups, so a console left running never fills the disk.
func TestLogFileRotatesWithASizeCap(t *testing.T) {
	defer func(mb, n int) { logMaxMB, logBackups = mb, n }(logMaxMB, logBackups)
	logMaxMB, logBackups = 1, 2
	dir := t.TempDir()
	log, closer, err := NewLogger(dir, "info", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 1000)
	for i := range 4000 { // about 4 MB of log
		log.WithField("n", i).Info(line)
	}
	closer.Close()
	logs := filepath.Join(dir, "logs")
	st, err := os.Stat(filepath.Join(logs, "console.log"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 1<<20 {
		t.Fatalf("console.log is %d bytes, over the 1 MB cap", st.Size())
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("console.log mode %v", st.Mode().Perm())
	}
	// lumberjack compresses and prunes old files in the background.
	deadline := time.Now().Add(10 * time.Second)
	for {
		backups, _ := filepath.Glob(filepath.Join(logs, "console-*.log*"))
		gz, _ := filepath.Glob(filepath.Join(logs, "console-*.log.gz"))
		if len(backups) == 2 && len(gz) == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("want 2 compressed backups, have %v", backups)
		}
		time.Sleep(50 * time.Millisecond) // polling lumberjack's own goroutine
	}
}
