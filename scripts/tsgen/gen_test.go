package main

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/penguinmails/console/app"
	"github.com/penguinmails/console/backend/tester"
)

type fixtureBase struct {
	ID string `json:"id"`
}

type fixtureThing struct {
	fixtureBase
	When     time.Time         `json:"when"`
	Maybe    *time.Time        `json:"maybe"`
	Gone     *fixtureBase      `json:"gone,omitempty"`
	Tags     []string          `json:"tags"`
	Counts   map[string]int64  `json:"counts"`
	Any      any               `json:"any"`
	Skipped  string            `json:"-"`
	NoTag    bool              //
	Nested   []fixtureBase     `json:"nested,omitempty"`
	Pairs    map[string]string `json:"pairs,omitempty"`
	internal int
}

type fixtureService struct{}

func (*fixtureService) Get(id string) (*fixtureThing, error) { return nil, nil }
func (*fixtureService) Ping() error                          { return nil }

func TestRendersGoTypesAsEncodingJSONWritesThem(t *testing.T) {
	g := newGenerator("../..")
	g.service(reflect.TypeFor[*fixtureService]())
	g.unions = map[string]union{} // the project's unions name fields the fixture lacks
	out, err := g.render()
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	for _, want := range []string{
		"export interface fixtureThing extends fixtureBase {",
		"  when: string\n",
		"  maybe: string | null\n",
		"  gone?: fixtureBase\n",
		"  tags: string[]\n",
		"  counts: Record<string, number>\n",
		"  any: unknown\n",
		"  NoTag: boolean\n",
		"  nested?: fixtureBase[]\n",
		"    Get(arg0: string): fixtureThing\n", // _test.go files are not read for names
		"    Ping(): void\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("output lacks %q:\n%s", want, src)
		}
	}
	for _, absent := range []string{"Skipped", "internal"} {
		if strings.Contains(src, absent) {
			t.Errorf("output has %q, which encoding/json never writes", absent)
		}
	}
}

func TestSameNameInTwoPackagesIsAnError(t *testing.T) {
	g := newGenerator("../..")
	g.unions = map[string]union{}
	g.types["fixtureBase"] = reflect.TypeFor[json.Number]() // stands in for another package's type
	g.ts(reflect.TypeFor[fixtureBase](), false)
	if _, err := g.render(); err == nil || !strings.Contains(err.Error(), "both called fixtureBase") {
		t.Fatalf("render() error = %v, want the name collision named", err)
	}
}

// The UI's list of credential headers is the tester's own, read at each run:
// a header Go adds reaches the generated file with no TypeScript to edit.
func TestCredentialHeadersComeFromTheTester(t *testing.T) {
	line := func() string {
		g := newGenerator("../..")
		g.unions = map[string]union{}
		out, err := g.render()
		if err != nil {
			t.Fatal(err)
		}
		for l := range strings.Lines(string(out)) {
			if strings.HasPrefix(l, "export const CREDENTIAL_HEADERS") {
				return l
			}
		}
		t.Fatalf("no CREDENTIAL_HEADERS in:\n%s", out)
		return ""
	}
	want := `export const CREDENTIAL_HEADERS: readonly string[] = ["authorization", "cookie", "proxy-authorization", "set-cookie", "x-api-key", "x-sudo-token"]` + "\n"
	if got := line(); got != want {
		t.Fatalf("got  %s want %s", got, want)
	}

	saved := tester.CredentialHeaders
	t.Cleanup(func() { tester.CredentialHeaders = saved })
	tester.CredentialHeaders = append(slices.Clone(saved), "x-made-up-token")
	if got := line(); !strings.Contains(got, `"x-sudo-token", "x-made-up-token"]`) {
		t.Fatalf("a header added on the Go side is not in the output: %s", got)
	}
}

func TestStaleUnionFieldIsAnError(t *testing.T) {
	g := newGenerator("../..")
	g.unions = map[string]union{"wire.Gone.Field": {Name: "X"}}
	if _, err := g.render(); err == nil || !strings.Contains(err.Error(), "wire.Gone.Field") {
		t.Fatalf("render() error = %v, want the stale field named", err)
	}
}

// TestEveryBoundTypeMatchesItsJSON: for every type the bound methods reach,
// the properties the generated interface requires are exactly the keys
// encoding/json writes for a zero value, and optional ones are the keys it
// may leave out.
func TestEveryBoundTypeMatchesItsJSON(t *testing.T) {
	g := newGenerator("../..")
	for _, b := range (&app.App{}).Bindings() {
		g.service(reflect.TypeOf(b))
	}
	if _, err := g.render(); err != nil {
		t.Fatal(err)
	}
	if len(g.types) < 40 {
		t.Fatalf("only %d types reached from the bindings", len(g.types))
	}
	for name, typ := range g.types {
		if typ.Kind() != reflect.Struct {
			continue
		}
		required, optional := g.allFields(typ)
		raw, err := json.Marshal(reflect.New(typ).Interface())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k := range m {
			if !slices.Contains(required, k) && !slices.Contains(optional, k) {
				t.Errorf("%s: JSON has %q, the TypeScript does not", name, k)
			}
		}
		for _, k := range required {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: the TypeScript requires %q, the JSON of a zero value lacks it", name, k)
			}
		}
	}
}

// allFields are a struct's properties with those of the structs it extends.
func (g *generator) allFields(t reflect.Type) (required, optional []string) {
	fs, ext := g.fields(t)
	for _, f := range fs {
		if f.optional {
			optional = append(optional, f.name)
		} else {
			required = append(required, f.name)
		}
	}
	for _, e := range ext {
		r, o := g.allFields(g.types[e])
		required = append(required, r...)
		optional = append(optional, o...)
	}
	return required, optional
}
