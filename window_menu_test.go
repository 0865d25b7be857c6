package main

import (
	"os"
	"regexp"
	"testing"
)

// View's items are the sidebar's screens, in its order and words: the
// menu's list and the UI's NAV_ITEMS must not drift apart.
func TestViewMenuListsTheSidebarScreens(t *testing.T) {
	src, err := os.ReadFile("frontend/src/features/shell/AppShellLayout.tsx")
	if err != nil {
		t.Fatal(err)
	}
	items := regexp.MustCompile(`\{ page: '(\w+)', label: '([^']+)'`).FindAllStringSubmatch(string(src), -1)
	if len(items) == 0 {
		t.Fatal("no NAV_ITEMS found in AppShellLayout.tsx")
	}
	if len(items) != len(screens) {
		t.Fatalf("the sidebar has %d screens, the View menu %d", len(items), len(screens))
	}
	if len(screens) > 9 {
		t.Fatalf("%d screens: Ctrl+1…Ctrl+9 cannot reach them all", len(screens))
	}
	for i, it := range items {
		if it[1] != screens[i].page || it[2] != screens[i].label {
			t.Errorf("screen %d: sidebar %s %q, View menu %s %q", i+1, it[1], it[2], screens[i].page, screens[i].label)
		}
	}
}
