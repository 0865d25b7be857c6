package openapi

import (
	"net/http"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// The operations table: every route of the platform, once. The sandbox's
// router registers exactly these (binding each to its handler by ID and
// wrapping it in the checks Auth, Permission and Roles name), and the
// document describes exactly these, so neither can grow a route the other
// does not know.

// Auth is how an operation's caller proves who it is.
type Auth int

const (
	// AuthNone: anyone (sign-in, the health check, this document).
	AuthNone Auth = iota
	// AuthSession: a session token from POST /auth/login as a bearer token.
	AuthSession
	// AuthSudo: a session token and a sudo token (X-Sudo-Token).
	AuthSudo
	// AuthKey: an API key as a bearer token; the gateway's checks apply.
	AuthKey
	// AuthStream: a websocket upgrade with the session token as a bearer
	// token or as ?token= (browsers cannot set headers on a handshake).
	AuthStream
)

// Prefix is where the API lives; Root operations live outside it.
const Prefix = "/api/v1"

// Op is one operation: the route, who may call it, and how it is described.
type Op struct {
	Method string
	Path   string // under Prefix, unless Root
	ID     string // operationId; the router binds the handler by it
	Auth   Auth
	// Permission is the scope an API key needs (AuthKey only).
	Permission string
	// Roles may call it; nil means every role (AuthSession, AuthSudo).
	Roles []string
	// Root is served at the server's root rather than under Prefix.
	Root bool

	// what the document says
	tag, summary, desc string
	params             openapi3.Parameters
	body               string         // request schema, "" for none
	bodyExamples       map[string]any // gateway: name → request example
	bodyOptional       bool           // the body may be left out
	status             int            // success status; 0 is 200
	result             string         // JSON answer schema ("" with csv, stream, doc)
	example            any            // gateway: the success example
	csv                bool           // answers text/csv
	stream             bool           // a websocket upgrade (101)
	notFound           bool           // may answer 404
	conflict           bool           // may answer 409
	tooManyAttempts    bool           // may answer 429 too_many_attempts / too_many_streams
	accepted           string         // a 202 answer's meaning (then 200 is described by ok)
	ok                 string         // the success answer's meaning; "" is the status text
	headers            openapi3.Headers
	links              openapi3.Links
}

// Pattern is the ServeMux pattern of the operation ("GET /api/v1/contacts").
func (op Op) Pattern() string { return op.Method + " " + op.FullPath() }

// FullPath is the path the server answers on.
func (op Op) FullPath() string {
	if op.Root {
		return op.Path
	}
	return Prefix + op.Path
}

// Allows tells whether role may call the operation.
func (op Op) Allows(role string) bool { return op.Roles == nil || slices.Contains(op.Roles, role) }

// Operations is the table: the platform's routes (sessions, keys, usage,
// mail, logs, settings, the document, health) and the gateway's.
func Operations() []Op {
	var ops []Op
	ops = append(ops, sessionOps()...)
	ops = append(ops, keyOps()...)
	ops = append(ops, usageOps()...)
	ops = append(ops, mailOps()...)
	ops = append(ops, tenantOps()...)
	ops = append(ops, docOps()...)
	ops = append(ops, gatewayOps()...)
	return ops
}

func paths() *openapi3.Paths {
	p := openapi3.NewPaths()
	for _, op := range Operations() {
		item := p.Value(op.Path)
		if item == nil {
			item = &openapi3.PathItem{}
			if op.Root {
				item.Servers = openapi3.Servers{{URL: "/", Description: "The server's root, outside /api/v1"}}
			}
			p.Set(op.Path, item)
		}
		if op.Auth == AuthKey {
			item.SetOperation(op.Method, op.buildGateway())
		} else {
			item.SetOperation(op.Method, op.buildPlatform())
		}
	}
	return p
}

// successStatus is the operation's success status.
func (op Op) successStatus() int {
	switch {
	case op.stream:
		return http.StatusSwitchingProtocols
	case op.status != 0:
		return op.status
	}
	return http.StatusOK
}
