package app

import (
	"reflect"
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
