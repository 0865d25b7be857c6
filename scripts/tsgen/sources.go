package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
)

// sources reads the Go source of this module's packages for what reflection
// cannot see: doc comments, parameter names and the constants of a type.
type sources struct {
	root string
	pkgs map[string]*pkgSource // import path → parsed
}

type pkgSource struct {
	typeDocs  map[string]string            // type → doc
	fieldDocs map[string]map[string]string // type → field → doc
	params    map[string]map[string][]string
	consts    map[string][]string // type → values, in source order
}

func newSources(root string) *sources {
	return &sources{root: root, pkgs: map[string]*pkgSource{}}
}

func (s *sources) pkg(path string) *pkgSource {
	if p, ok := s.pkgs[path]; ok {
		return p
	}
	p := &pkgSource{
		typeDocs:  map[string]string{},
		fieldDocs: map[string]map[string]string{},
		params:    map[string]map[string][]string{},
		consts:    map[string][]string{},
	}
	s.pkgs[path] = p
	rel, ok := strings.CutPrefix(path, modulePath)
	if !ok {
		return p // the standard library: nothing to read
	}
	dir := filepath.Join(s.root, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return p
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		p.read(f)
	}
	return p
}

func (p *pkgSource) read(f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					p.typeDocs[ts.Name.Name] = text(doc)
					if st, ok := ts.Type.(*ast.StructType); ok {
						fd := map[string]string{}
						for _, fl := range st.Fields.List {
							c := text(fl.Doc)
							if c == "" {
								c = text(fl.Comment)
							}
							for _, n := range fl.Names {
								fd[n.Name] = c
							}
						}
						p.fieldDocs[ts.Name.Name] = fd
					}
				}
			case token.CONST:
				var typ string // an iota-less block repeats the last type only with the value
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					if id, ok := vs.Type.(*ast.Ident); ok {
						typ = id.Name
					} else if vs.Type == nil && len(vs.Values) > 0 {
						typ = ""
					}
					if typ == "" {
						continue
					}
					for _, v := range vs.Values {
						if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
							if s, err := strconv.Unquote(lit.Value); err == nil {
								p.consts[typ] = append(p.consts[typ], s)
							}
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 {
				continue
			}
			recv := d.Recv.List[0].Type
			if st, ok := recv.(*ast.StarExpr); ok {
				recv = st.X
			}
			id, ok := recv.(*ast.Ident)
			if !ok {
				continue
			}
			var names []string
			for _, fl := range d.Type.Params.List {
				if len(fl.Names) == 0 {
					names = append(names, "")
				}
				for _, n := range fl.Names {
					names = append(names, n.Name)
				}
			}
			if p.params[id.Name] == nil {
				p.params[id.Name] = map[string][]string{}
			}
			p.params[id.Name][d.Name.Name] = names
		}
	}
}

// text is a comment group as plain text, safe inside a /** */ comment.
func text(c *ast.CommentGroup) string {
	if c == nil {
		return ""
	}
	return strings.ReplaceAll(strings.TrimSpace(c.Text()), "*/", "* /")
}

func (s *sources) typeDoc(t reflect.Type) string { return s.pkg(t.PkgPath()).typeDocs[t.Name()] }

func (s *sources) fieldDoc(t reflect.Type, field string) string {
	return s.pkg(t.PkgPath()).fieldDocs[t.Name()][field]
}

func (s *sources) paramNames(t reflect.Type) map[string][]string {
	return s.pkg(t.PkgPath()).params[t.Name()]
}

func (s *sources) constants(t reflect.Type) []string { return s.pkg(t.PkgPath()).consts[t.Name()] }
