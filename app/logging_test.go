package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
