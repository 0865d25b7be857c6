package app

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ChangelogEntry is what changed in the API between a version the console
// had seen and the next one it saw, computed from the two documents.
type ChangelogEntry struct {
	From    string    `json:"from"`
	To      string    `json:"to"`
	SeenAt  time.Time `json:"seen_at"`
	Changes []string  `json:"changes"`
}

// Changelog compares each document version the console has seen with the
// one seen before it, newest first: operations added and removed, and the
// fields of each schema added, removed or changed.
func (d *Docs) Changelog() ([]ChangelogEntry, error) {
	type seen struct {
		version string
		at      time.Time
	}
	var list []seen
	err := d.db.Scan([]byte(keyDocsSeenPf), false, func(k, v []byte) error {
		at, _ := time.Parse("20060102T150405.000000000Z", strings.SplitN(strings.TrimPrefix(string(k), keyDocsSeenPf), "/", 2)[0])
		list = append(list, seen{version: string(v), at: at})
		return nil
	})
	if err != nil {
		return nil, ToUI(err)
	}
	out := []ChangelogEntry{}
	for i := len(list) - 1; i > 0; i-- {
		older, err1 := d.db.Get([]byte(keyDocsVersionPf + list[i-1].version))
		newer, err2 := d.db.Get([]byte(keyDocsVersionPf + list[i].version))
		if err1 != nil || err2 != nil {
			continue // a version no longer kept
		}
		out = append(out, ChangelogEntry{From: list[i-1].version, To: list[i].version, SeenAt: list[i].at, Changes: diffDocuments(older, newer)})
	}
	return out, nil
}

type docShape struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"schemas"`
	} `json:"components"`
}

var httpMethods = map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true}

// diffDocuments lists, in words, what differs between two OpenAPI documents.
func diffDocuments(older, newer []byte) []string {
	var a, b docShape
	_ = json.Unmarshal(older, &a)
	_ = json.Unmarshal(newer, &b)
	ops := func(d docShape) map[string]bool {
		m := map[string]bool{}
		for p, item := range d.Paths {
			for meth := range item {
				if httpMethods[meth] {
					m[strings.ToUpper(meth)+" "+p] = true
				}
			}
		}
		return m
	}
	var out []string
	ao, bo := ops(a), ops(b)
	for _, op := range sortedKeys(bo) {
		if !ao[op] {
			out = append(out, "Added operation "+op)
		}
	}
	for _, op := range sortedKeys(ao) {
		if !bo[op] {
			out = append(out, "Removed operation "+op)
		}
	}
	for _, name := range sortedKeys(b.Components.Schemas) {
		old, had := a.Components.Schemas[name]
		if !had {
			out = append(out, "Added schema "+name)
			continue
		}
		cur := b.Components.Schemas[name]
		for _, f := range sortedKeys(cur.Properties) {
			prev, ok := old.Properties[f]
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("Added field %s.%s", name, f))
			case !jsonEqual(prev, cur.Properties[f]):
				out = append(out, fmt.Sprintf("Changed field %s.%s", name, f))
			}
		}
		for _, f := range sortedKeys(old.Properties) {
			if _, ok := cur.Properties[f]; !ok {
				out = append(out, fmt.Sprintf("Removed field %s.%s", name, f))
			}
		}
	}
	for _, name := range sortedKeys(a.Components.Schemas) {
		if _, ok := b.Components.Schemas[name]; !ok {
			out = append(out, "Removed schema "+name)
		}
	}
	return out
}

func jsonEqual(x, y json.RawMessage) bool {
	var a, b any
	if json.Unmarshal(x, &a) != nil || json.Unmarshal(y, &b) != nil {
		return string(x) == string(y)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
