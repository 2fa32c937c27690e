package crohttp

import (
	"net/http"

	"github.com/croschema/croschema"
)

// WriteContact writes c as the response body with the given status
// (http.StatusOK for every endpoint's success) and content-type
// application/json, encoded canonically (CustomerContact.AppendJSON): every
// key in the documented order, booleans as true and false. A nil c is
// answered as WriteError(w, nil) is.
func WriteContact(w http.ResponseWriter, status int, c *croschema.CustomerContact) {
	if w == nil {
		return // nothing to write to
	}
	if c == nil {
		WriteError(w, errInternal()) // no contact to write: a handler's bug, not a panic
		return
	}
	buf := bufPool.Get().(*[]byte)
	defer putBuf(buf)
	*buf = c.AppendJSON((*buf)[:0])
	setJSON(w.Header())
	setLengthOnHead(w, len(*buf))
	w.WriteHeader(status)
	_, _ = w.Write(*buf)
}

// WriteCreated answers a Create Contact request r: 200 with the created
// contact c and a Location header with its path, such as
// "/customers/1042/contacts/7": the customer of r's path (as Middleware
// decoded it, or read from r's path when r did not come through it) and
// c's ID. A nil c is answered as WriteError(w, nil) is; an r whose path
// names no customer gets no Location.
func WriteCreated(w http.ResponseWriter, r *http.Request, c *croschema.CustomerContact) {
	if w == nil {
		return
	}
	if c == nil {
		WriteError(w, errInternal())
		return
	}
	if e, p, ok := endpointOf(r); ok {
		loc := e.Location()
		if !loc.IsValid() {
			loc = croschema.CreateContact.Location()
		}
		p.CustomerContactID = c.ID
		w.Header().Set(hdrLocation, loc.PathFor(p))
	}
	WriteContact(w, http.StatusOK, c)
}

// WriteError writes e as the API's error body, {"detail":...,
// "explanation":...,"field":...}, with content-type application/json and
// the status e.StatusCode (500 when it is not a 4xx or 5xx status). A 401
// also gets "WWW-Authenticate: Bearer". A nil e (ErrorFrom(nil) is nil) is
// a 500 "Internal server error.", never an empty 200. A nil w gets
// nothing, as with WriteContact and WriteCreated.
func WriteError(w http.ResponseWriter, e *croschema.APIError) {
	if w == nil {
		return
	}
	if e == nil {
		e = errInternal() // a handler's bug must not become an empty 200
	}
	status := e.StatusCode
	if status < 400 || status > 599 {
		status = http.StatusInternalServerError
	}
	buf := bufPool.Get().(*[]byte)
	defer putBuf(buf)
	body := e.AppendJSON((*buf)[:0])
	*buf = body
	h := w.Header()
	setJSON(h)
	if status == http.StatusUnauthorized && h.Get(hdrWWWAuth) == "" {
		h.Set(hdrWWWAuth, "Bearer")
	}
	setLengthOnHead(w, len(body))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// setJSON sets content-type application/json on h unless it is set so
// already (as Middleware does), which costs nothing.
func setJSON(h http.Header) {
	if v := h[hdrContentType]; len(v) != 1 || v[0] != mediaJSON {
		h.Set(hdrContentType, mediaJSON)
	}
}
