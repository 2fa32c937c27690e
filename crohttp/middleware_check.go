package crohttp

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/internal/scrub"
)

// checkWriter records a response for WithResponseCheck while passing it on.
type checkWriter struct {
	http.ResponseWriter
	wrote  bool
	status int
	header http.Header // the headers as sent, cloned at WriteHeader
	body   bytes.Buffer
}

func (cw *checkWriter) WriteHeader(status int) {
	if !cw.wrote && status >= 200 {
		cw.wrote, cw.status, cw.header = true, status, cw.ResponseWriter.Header().Clone()
	}
	cw.ResponseWriter.WriteHeader(status)
}

func (cw *checkWriter) Write(p []byte) (int, error) {
	if !cw.wrote {
		cw.WriteHeader(http.StatusOK)
	}
	cw.body.Write(p)
	return cw.ResponseWriter.Write(p)
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (cw *checkWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

// Flush implements http.Flusher when the underlying writer does.
func (cw *checkWriter) Flush() {
	if !cw.wrote {
		cw.WriteHeader(http.StatusOK)
	}
	if f, ok := cw.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// finish lints the recorded response and reports its violations.
func (cw *checkWriter) finish(r *http.Request, report func(*http.Request, croschema.Violations)) {
	if !cw.wrote { // net/http sends 200 with what the handler left in the header map
		cw.status, cw.header = http.StatusOK, cw.ResponseWriter.Header().Clone()
	}
	if vs := checkResponse(r, cw.status, cw.header, cw.body.Bytes()); len(vs) > 0 {
		report(r, scrub.Violations(vs, scrub.Secrets(r.Header))) // a handler may echo the token
	}
}

// checkResponse returns every way a response to r breaks
// RULES.md "Serving the API": its headers by StandardResponseHeadersModel,
// its body by its status, and the headers RULES.md adds.
func checkResponse(r *http.Request, status int, h http.Header, body []byte) croschema.Violations {
	var vs croschema.Violations
	rh, err := croschema.LintResponseHeaders(h)
	if err != nil {
		vs, _ = err.(croschema.Violations)
	}
	add := func(loc string, code croschema.Code, detail string) {
		vs = append(vs, croschema.Violation{Location: loc, Field: responseField(loc), Code: code, Detail: detail})
	}
	want := func(name, value string) {
		switch got := h.Values(name); {
		case len(got) == 0:
			add(strings.ToLower(name), croschema.CodeRequired, "missing; want "+strconv.Quote(value))
		case len(got) > 1 || got[0] != value:
			add(strings.ToLower(name), croschema.CodeEnum, strconv.Quote(strings.Join(got, ", "))+" is not "+strconv.Quote(value))
		}
	}

	// x-api-version and x-request-id are the request's when valid.
	method := r.Method
	if method == http.MethodHead || method == http.MethodOptions {
		method = http.MethodGet
	}
	hs, _ := croschema.LintRequestHeaders(r.Header, method)
	version := croschema.DefaultAPIVersion
	if hs.APIVersion.IsValid() {
		version = hs.APIVersion
	}
	if rh.APIVersion.IsValid() && rh.APIVersion != version { // an invalid one is the lint's
		add("x-api-version", croschema.CodeEnum, strconv.Quote(rh.APIVersion.String())+
			" is not the request's version "+strconv.Quote(version.String()))
	}
	if rh.RequestID != "" && hs.RequestID != "" && rh.RequestID != hs.RequestID {
		add("x-request-id", croschema.CodeEnum, strconv.Quote(rh.RequestID)+
			" is not the request's id "+strconv.Quote(hs.RequestID))
	}

	allow := pathAllow(r.URL.EscapedPath())
	if allow != "" {
		want(hdrAllowMethods, allow)
	}
	want(hdrAllowOrigin, "*")
	want(hdrAllowHeaders, allowHeaders)

	switch {
	case status == http.StatusOK:
		if _, err := croschema.LintContact(body); err != nil && !(r.Method == http.MethodHead && len(body) == 0) {
			bvs, _ := err.(croschema.Violations)
			vs = append(vs, bvs...)
		}
		if r.Method == http.MethodPost && h.Get(hdrLocation) == "" {
			add("location", croschema.CodeRequired, "missing; a Create's 200 names the new contact")
		}
	case status == http.StatusNoContent && r.Method == http.MethodOptions:
		if len(body) > 0 {
			add("", croschema.CodeSyntax, "a 204 has no body")
		}
	case status >= 400 && status <= 599 && (status >= 500 || knownErrorStatus[status]):
		if _, err := croschema.LintAPIError(body); err != nil && !(r.Method == http.MethodHead && len(body) == 0) {
			bvs, _ := err.(croschema.Violations)
			vs = append(vs, bvs...)
		}
		switch status {
		case http.StatusUnauthorized:
			want(hdrWWWAuth, "Bearer")
		case http.StatusMethodNotAllowed:
			want(hdrAllow, allow)
		}
	default:
		add("status", croschema.CodeEnum, strconv.Itoa(status)+" is not a status of RULES.md's table")
	}
	if len(body) > 0 {
		if ct := h.Get(hdrContentType); !isJSONMediaType(ct) {
			add("content-type", croschema.CodeEnum, strconv.Quote(ct)+" is not application/json, and the response has a body")
		}
	}
	return vs
}

// knownErrorStatus are the 4xx statuses of RULES.md's table.
var knownErrorStatus = map[int]bool{
	http.StatusBadRequest:            true,
	http.StatusUnauthorized:          true,
	http.StatusForbidden:             true,
	http.StatusNotFound:              true,
	http.StatusMethodNotAllowed:      true,
	http.StatusRequestEntityTooLarge: true,
	http.StatusUnsupportedMediaType:  true,
}

// isJSONMediaType reports whether the media type of a content-type value,
// before any ';' and without surrounding space, is application/json in
// any ASCII letter case (strings.EqualFold would also take U+017F for 's').
func isJSONMediaType(s string) bool {
	mt, _, _ := strings.Cut(s, ";")
	mt = strings.Trim(mt, " \t")
	if len(mt) != len(mediaJSON) {
		return false
	}
	for i := 0; i < len(mt); i++ {
		c := mt[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != mediaJSON[i] {
			return false
		}
	}
	return true
}

// responseField returns the field of a StandardResponseHeadersModel header
// by its lower-case name, or "" for a header the model does not name.
func responseField(name string) string {
	for _, r := range croschema.ResponseHeaderRules() {
		if r.Name == name {
			return r.Field
		}
	}
	return ""
}
