package openapi

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// The platform routes' schemas are derived from the wire types themselves
// (backend/wire), so the document says what the server encodes: a field's
// JSON name from its tag, required unless omitempty, null allowed only where
// a pointer is sent without omitempty. Schemas written by hand (with their
// limits and examples) win over derived ones of the same name.

// schemaNames renames wire types whose own names would collide in a client
// generated from the document: oapi-codegen names each operation's answer
// wrapper <OperationId>Response, so a schema "CreateKeyResponse" next to the
// operation createKey would be declared twice.
var schemaNames = map[string]string{
	"LoginResponse":     "NewSession",
	"MeResponse":        "CurrentSession",
	"SudoResponse":      "SudoGrant",
	"CreateKeyResponse": "CreatedKey",
	"RevokeKeyResponse": "RevokedKey",
	"RotateKeyResponse": "RotatedKey",
}

// enums are the closed sets of values of derived fields, by "Type.json_name".
var enums = map[string][]any{
	"User.role":                    {wire.RoleAdmin, wire.RoleDeveloper, wire.RoleSupport},
	"CreateKeyRequest.environment": {"live", "test"},
	"LiveMessage.type":             {"tick", "security_event", "log"},
	"SecurityEvent.kind":           {wire.SecIPViolation, wire.SecRevokedKeyUsed, wire.SecExpiredKeyUsed, wire.SecSudoFailed},
	"UsageRange.granularity":       {"minute", "hour", "day"},
	"Tenant.plan":                  {"starter", "professional", "business"},
}

// descriptions of derived schemas, by type name.
var descriptions = map[string]string{
	"LoginRequest":      "A user's sign-in.",
	"LoginResponse":     "A new session: its token (send it as `Authorization: Bearer …`), when it ends, the user and the tenant.",
	"MeResponse":        "The signed-in user, the tenant and when the session ends.",
	"SudoRequest":       "The password again, to confirm a sensitive action.",
	"SudoResponse":      "A sudo token for X-Sudo-Token, valid 15 minutes in this session only.",
	"KeyList":           "The tenant's keys matching the filters.",
	"PermissionCatalog": "Every permission a key can carry, by category, and the presets.",
	"CreateKeyRequest":  "A new key. `expires_at` at least a minute ahead; `allowed_ips` IPv4/IPv6 addresses or CIDR ranges.",
	"CreateKeyResponse": "The new key and its secret, shown only in this answer.",
	"UpdateKeyRequest":  "The fields to change; the others stay. `never_expires` removes the expiry.",
	"KeyDetails":        "A key with its last 30 days of use, top endpoints, recent IPs and audit trail.",
	"RevokeKeyResponse": "The key was revoked; its secrets stop working at once.",
	"SecurityEventList": "IP violations, uses of revoked or expired keys, failed sudo attempts; newest first.",
	"Outbox":            "Every email the platform sent, newest first.",
	"APIUsage":          "The tenant's API usage over the range.",
	"LiveMessage": "One frame of the live usage stream: `tick` about once a second, `security_event` at once, " +
		"`log` (a request log entry) only with `?logs=1`.",
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// deriver adds schemas for Go types to a components map.
type deriver struct{ schemas openapi3.Schemas }

// ref returns a $ref to t's schema, deriving it first when it is missing.
func (d deriver) ref(t reflect.Type) *openapi3.SchemaRef {
	name := t.Name()
	if n, ok := schemaNames[name]; ok {
		name = n
	}
	if _, ok := d.schemas[name]; !ok {
		d.schemas[name] = &openapi3.SchemaRef{} // placeholder: recursion stops here
		s := d.object(t)
		s.Description = descriptions[t.Name()]
		d.schemas[name].Value = s
	}
	return schemaRef(name)
}

func (d deriver) object(t reflect.Type) *openapi3.Schema {
	s := object("", nil, props{})
	d.fields(t, t.Name(), s)
	return s
}

// fields adds t's JSON fields to s; an embedded struct's fields are its own.
func (d deriver) fields(t reflect.Type, owner string, s *openapi3.Schema) {
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			d.fields(f.Type, owner, s)
			continue
		}
		if name == "" {
			name = f.Name
		}
		omit := strings.Contains(opts, "omitempty")
		ft := f.Type
		nullable := false
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
			nullable = !omit
		}
		fs := d.of(ft)
		if vals, ok := enums[owner+"."+name]; ok {
			fs = &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("string"), Enum: vals}}
		}
		if nullable {
			fs = orNull(fs)
		}
		s.Properties[name] = fs
		if !omit {
			s.Required = append(s.Required, name)
		}
	}
}

// orNull allows null besides s.
func orNull(s *openapi3.SchemaRef) *openapi3.SchemaRef {
	if s.Ref == "" && s.Value.Type != nil && len(*s.Value.Type) == 1 {
		v := *s.Value
		v.Type = types((*s.Value.Type)[0], "null")
		return &openapi3.SchemaRef{Value: &v}
	}
	return &openapi3.SchemaRef{Value: &openapi3.Schema{OneOf: openapi3.SchemaRefs{s, {Value: &openapi3.Schema{Type: types("null")}}}}}
}

// of is the schema of a value of type t.
func (d deriver) of(t reflect.Type) *openapi3.SchemaRef {
	switch {
	case t == timeType:
		return timeSchema("")
	case t == rawType:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Description: "Any JSON value."}}
	}
	switch t.Kind() {
	case reflect.String:
		return strSchema("")
	case reflect.Bool:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("boolean")}}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("integer")}}
	case reflect.Float64, reflect.Float32:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("number")}}
	case reflect.Slice:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("array"), Items: d.of(t.Elem())}}
	case reflect.Map:
		return &openapi3.SchemaRef{Value: &openapi3.Schema{Type: types("object"),
			AdditionalProperties: openapi3.AdditionalProperties{Schema: d.of(t.Elem())}}}
	case reflect.Struct:
		return d.ref(t)
	case reflect.Pointer:
		return d.of(t.Elem())
	}
	return &openapi3.SchemaRef{Value: &openapi3.Schema{}} // interface{}: any JSON value
}

// wireSchemas derives the schemas of the platform routes' wire types.
func wireSchemas(s openapi3.Schemas) {
	d := deriver{schemas: s}
	for _, v := range []any{
		wire.LoginRequest{}, wire.LoginResponse{}, wire.MeResponse{}, wire.SudoRequest{}, wire.SudoResponse{},
		wire.KeyList{}, wire.PermissionCatalog{}, wire.CreateKeyRequest{}, wire.CreateKeyResponse{},
		wire.UpdateKeyRequest{}, wire.KeyDetails{}, wire.RevokeKeyResponse{},
		wire.SecurityEventList{}, wire.Outbox{}, wire.APIUsage{}, wire.LiveMessage{},
	} {
		d.ref(reflect.TypeOf(v))
	}
}
