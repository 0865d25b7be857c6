package openapi

import (
	"net/http"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/penguinmails/console/backend/wire"
)

// security is the scheme an operation's Auth names in the document.
func (op Op) security() openapi3.SecurityRequirements {
	switch op.Auth {
	case AuthNone:
		return openapi3.SecurityRequirements{} // explicitly none
	case AuthSudo:
		return openapi3.SecurityRequirements{{"sessionAuth": []string{}, "sudoToken": []string{}}}
	case AuthKey:
		return openapi3.SecurityRequirements{{"bearerAuth": []string{}}}
	}
	return openapi3.SecurityRequirements{{"sessionAuth": []string{}}}
}

// buildPlatform describes a platform route: session sign-in (or none), the
// platform's errors, and for key changes the sudo token.
func (op Op) buildPlatform() *openapi3.Operation {
	sec := op.security()
	o := &openapi3.Operation{
		OperationID: op.ID, Tags: []string{op.tag}, Summary: op.summary, Description: op.desc, Parameters: op.params,
		Security:   &sec,
		Extensions: map[string]any{},
	}
	if op.Auth != AuthNone {
		o.Extensions["x-session-auth"] = true
	}
	if op.Roles != nil {
		o.Extensions["x-allowed-roles"] = op.Roles
	}
	if op.body != "" {
		o.RequestBody = &openapi3.RequestBodyRef{Value: &openapi3.RequestBody{Required: !op.bodyOptional,
			Description: "JSON (Content-Type: application/json), at most 1 MiB. Unknown fields and null are refused, each named.",
			Content:     openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef(op.body)}}}}
	}
	resp := openapi3.NewResponses()
	resp.Delete("default")
	idHeader := func() openapi3.Headers {
		return openapi3.Headers{wire.RequestIDHeader: headerRef(wire.RequestIDHeader)}
	}
	status := op.successStatus()
	ok := http.StatusText(status)
	if op.ok != "" {
		ok = op.ok
	}
	var content openapi3.Content
	switch {
	case op.csv:
		content = openapi3.Content{"text/csv": &openapi3.MediaType{Schema: strSchema("RFC 4180 CSV with a header row.")}}
	case op.stream:
		// no body: the websocket begins
	default:
		content = openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef(op.result)}}
	}
	hs := idHeader()
	for k, v := range op.headers {
		hs[k] = v
	}
	if op.stream {
		hs = nil
	}
	resp.Set(strconv.Itoa(status), &openapi3.ResponseRef{Value: &openapi3.Response{Description: &ok, Content: content,
		Headers: hs, Links: op.links}})
	if op.accepted != "" {
		resp.Set("202", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &op.accepted, Content: content,
			Headers: idHeader()}})
	}
	statuses := []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusInternalServerError}
	if op.notFound {
		statuses = append(statuses, http.StatusNotFound)
	}
	if op.Roles != nil || op.Auth == AuthSudo {
		statuses = append(statuses, http.StatusForbidden)
	}
	if op.conflict {
		statuses = append(statuses, http.StatusConflict)
	}
	if op.tooManyAttempts {
		statuses = append(statuses, http.StatusTooManyRequests)
	}
	if op.body != "" {
		statuses = append(statuses, http.StatusRequestTimeout, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	for _, st := range statuses {
		d := http.StatusText(st)
		h := idHeader()
		if st == http.StatusTooManyRequests && !op.stream { // too_many_attempts says when to retry; too_many_streams does not
			h["Retry-After"] = headerRef("Retry-After")
		}
		resp.Set(strconv.Itoa(st), &openapi3.ResponseRef{Value: &openapi3.Response{Description: &d, Headers: h,
			Content: openapi3.Content{"application/json": &openapi3.MediaType{Schema: schemaRef("PlatformError")}}}})
	}
	o.Responses = resp
	return o
}
