package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestBindingsExposeNoLifecycleHooks: Wails and the browser bridge expose
// every exported method of a bound struct, so the hooks the app itself
// drives must not be exported (a page could otherwise stop the scheduler or
// read the session's client).
func TestBindingsExposeNoLifecycleHooks(t *testing.T) {
	hidden := map[string][]string{
		"Session":  {"Start", "Stop", "Client", "Current", "OnSignIn", "OnSignOut", "Online"},
		"Jobs":     {"Start", "Stop"},
		"Settings": {"ApplyStoredLogLevel"},
		"Docs":     {"RequiredPermission"},
	}
	bound := map[string]bool{}
	for _, b := range (&App{Session: &Session{}, Jobs: &Jobs{}, Settings: &Settings{}, Docs: &Docs{}}).Bindings() {
		v := reflect.ValueOf(b)
		if v.IsNil() {
			continue
		}
		name := v.Elem().Type().Name()
		bound[name] = true
		for _, m := range hidden[name] {
			if _, ok := v.Type().MethodByName(m); ok {
				t.Errorf("%s.%s is bound to the UI", name, m)
			}
		}
	}
	for name := range hidden {
		if !bound[name] {
			t.Errorf("%s is no longer bound: update this test", name)
		}
	}
}

// uiCall is how the UI names a bound method: call<T>('Service', 'Method', …)
// (frontend/src/api/transport.ts), or exportFile('Service', 'SaveMethod',
// 'Method', …) for the two ways of one export.
var uiCall = regexp.MustCompile(`\(\s*'([A-Z][A-Za-z]+)',\s*'([A-Z][A-Za-z]+)'(?:,\s*'([A-Z][A-Za-z]+)')?`)

// TestEveryBoundMethodIsCalledByTheUI: a method the UI never calls must not
// be bound, since binding exposes it to any page (issue #12); and every call
// the UI makes reaches a bound method.
func TestEveryBoundMethodIsCalledByTheUI(t *testing.T) {
	called := map[string]bool{}
	err := filepath.WalkDir("../frontend/src", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, ".test.") || !(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) {
			return err
		}
		b, err := os.ReadFile(path)
		for _, m := range uiCall.FindAllStringSubmatch(string(b), -1) {
			called[m[1]+"."+m[2]] = true
			if m[3] != "" {
				called[m[1]+"."+m[3]] = true
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	bound := map[string]bool{}
	a := &App{Session: &Session{}, Keys: &Keys{}, Settings: &Settings{}, Docs: &Docs{}, Tester: &Tester{}, Jobs: &Jobs{},
		Usage: &Usage{}, Logs: &Logs{}, Files: &Files{}, Clip: &Clipboard{}, Window: &Window{}}
	for _, b := range a.Bindings() {
		v := reflect.ValueOf(b)
		name := v.Elem().Type().Name()
		for i := range v.Type().NumMethod() {
			m := name + "." + v.Type().Method(i).Name
			bound[m] = true
			if !called[m] {
				t.Errorf("%s is bound but the UI never calls it: unexport it", m)
			}
		}
	}
	for m := range called {
		if !bound[m] {
			t.Errorf("the UI calls %s, which is not bound", m)
		}
	}
}
