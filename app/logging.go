package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/penguinmails/console/backend/apikey"
	"github.com/sirupsen/logrus"
	"gopkg.in/natefinch/lumberjack.v2"
)

// NewLogger logs readable text to stderr and JSON lines to
// <dataDir>/logs/console.log. Both go through a formatter that masks any
// pm_live_… / pm_test_… secret before a byte is written, whoever logged it.
func NewLogger(dataDir, level string, stderr io.Writer) (*logrus.Logger, io.Closer, error) {
	lvl := logrus.InfoLevel
	if level != "" {
		l, err := logrus.ParseLevel(level)
		if err != nil {
			return nil, nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
		}
		lvl = l
	}
	log := logrus.New()
	log.SetLevel(lvl)
	log.SetOutput(stderr)
	log.SetFormatter(Redacting{Inner: &logrus.TextFormatter{FullTimestamp: true, DisableColors: true}})
	if dataDir == "" {
		return log, io.NopCloser(nil), nil
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "logs"), 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log directory: %w", err)
	}
	name := filepath.Join(dataDir, "logs", "console.log")
	// Opened here so an unwritable directory is an error at start, not a
	// silent loss later; lumberjack appends to it and rotates it.
	f, err := os.OpenFile(name, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open log file: %w", err)
	}
	f.Close()
	w := &lumberjack.Logger{Filename: name, MaxSize: logMaxMB, MaxBackups: logBackups, Compress: true}
	log.AddHook(&fileHook{w: w, f: Redacting{Inner: &logrus.JSONFormatter{TimestampFormat: "2006-01-02T15:04:05.000Z07:00"}}})
	return log, w, nil
}

// The log file rotates at logMaxMB megabytes, keeping logBackups older
// files (gzip-compressed): about 10 MB plus three compressed backups on
// disk, however long the console runs. Variables for the rotation test.
var (
	logMaxMB   = 10
	logBackups = 3
)

// Redacting wraps a formatter and masks API key secrets in its output.
type Redacting struct{ Inner logrus.Formatter }

// Format implements logrus.Formatter.
func (r Redacting) Format(e *logrus.Entry) ([]byte, error) {
	b, err := r.Inner.Format(e)
	if err != nil {
		return nil, err
	}
	return []byte(apikey.Redact(string(b))), nil
}

// fileHook writes every entry, formatted as JSON, to the log file.
type fileHook struct {
	mu sync.Mutex
	w  io.Writer
	f  logrus.Formatter
}

func (h *fileHook) Levels() []logrus.Level { return logrus.AllLevels }

func (h *fileHook) Fire(e *logrus.Entry) error {
	b, err := h.f.Format(e)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err = h.w.Write(b)
	return err
}
