package app

import (
	"errors"

	"github.com/sirupsen/logrus"

	"github.com/penguinmails/console/buildinfo"
	"github.com/penguinmails/console/cache"
)

var keyPrefs = []byte("settings/prefs")

// Prefs are the user's choices, kept in Badger.
type Prefs struct {
	Theme    string `json:"theme"`     // light | dark | auto
	LogLevel string `json:"log_level"` // debug | info | warn | error
	// ClearClipboard clears a copied API key secret from the clipboard a
	// minute after the Copy (if it still holds it). On unless turned off.
	ClearClipboard bool `json:"clear_clipboard"`
}

// SettingsView is the Settings screen's data.
type SettingsView struct {
	Prefs
	APIURL   string `json:"api_url"`
	Embedded bool   `json:"embedded"`
	DataDir  string `json:"data_dir"`
	Mode     string `json:"mode"`
}

// Settings reads and changes the console's preferences.
type Settings struct {
	db      *cache.DB
	log     *logrus.Logger
	cfg     *Config
	session *Session
}

func (s *Settings) prefs() Prefs {
	p := Prefs{Theme: "auto", LogLevel: s.log.GetLevel().String(), ClearClipboard: true}
	if err := s.db.GetJSON(keyPrefs, &p); err != nil && !errors.Is(err, cache.ErrNotFound) {
		s.log.WithError(err).Warn("reading preferences")
	}
	return p
}

// Get returns the settings.
func (s *Settings) Get() (SettingsView, error) {
	st := s.session.state()
	return SettingsView{Prefs: s.prefs(), APIURL: st.APIURL, Embedded: st.Embedded, DataDir: s.cfg.DataDir, Mode: s.cfg.Mode}, nil
}

// About names this build for the About dialog: the version and commit
// --version prints, set at build time (see buildinfo).
func (s *Settings) About() (buildinfo.Info, error) { return buildinfo.Get(), nil }

// SetTheme stores the theme: light, dark or auto.
func (s *Settings) SetTheme(theme string) (SettingsView, error) {
	switch theme {
	case "light", "dark", "auto":
	default:
		return SettingsView{}, BadInput("theme", `Theme must be "light", "dark" or "auto"`)
	}
	p := s.prefs()
	p.Theme = theme
	if err := s.db.SetJSON(keyPrefs, p, 0); err != nil {
		return SettingsView{}, ToUI(err)
	}
	return s.Get()
}

// SetLogLevel changes the log level now and for later runs.
func (s *Settings) SetLogLevel(level string) (SettingsView, error) {
	lvl, err := logrus.ParseLevel(level)
	if err != nil || lvl > logrus.DebugLevel || lvl < logrus.ErrorLevel {
		return SettingsView{}, BadInput("log_level", `Log level must be "debug", "info", "warn" or "error"`)
	}
	s.log.SetLevel(lvl)
	p := s.prefs()
	p.LogLevel = lvl.String()
	if err := s.db.SetJSON(keyPrefs, p, 0); err != nil {
		return SettingsView{}, ToUI(err)
	}
	return s.Get()
}

// SetClearClipboard turns clearing a copied secret after a minute on or off.
func (s *Settings) SetClearClipboard(on bool) (SettingsView, error) {
	p := s.prefs()
	p.ClearClipboard = on
	if err := s.db.SetJSON(keyPrefs, p, 0); err != nil {
		return SettingsView{}, ToUI(err)
	}
	return s.Get()
}

// applyStoredLogLevel applies a level chosen in an earlier run, unless the
// command line set one.
func (s *Settings) applyStoredLogLevel(flagSet bool) {
	if flagSet {
		return
	}
	var p Prefs
	if s.db.GetJSON(keyPrefs, &p) == nil {
		if lvl, err := logrus.ParseLevel(p.LogLevel); err == nil {
			s.log.SetLevel(lvl)
		}
	}
}
