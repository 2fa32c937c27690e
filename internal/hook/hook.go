// Package hook lets crohttp reach what the root package does not export:
// the root package sets the functions at init, crohttp calls them. It
// holds nothing else, so that no user can import it (it is internal) and
// the root package's API stays what its users need.
package hook

import (
	"net/http"
	"unsafe"
)

// LintRequestHeadInto is croschema.LintRequestHead writing the request
// into *req (a *croschema.Request) instead of returning it: a server's
// request context holds the Request, and a copy of it per request is a
// measurable part of the valid path.
var LintRequestHeadInto func(req unsafe.Pointer, method, target string, h http.Header) error
