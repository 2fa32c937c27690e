package crohttp

import (
	"bytes"
	"net/http"

	"github.com/croschema/croschema"
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

// finish lints the recorded response to r, as req read it, and reports
// its violations.
func (cw *checkWriter) finish(r *http.Request, req *croschema.Request, report func(*http.Request, croschema.Violations)) {
	if !cw.wrote { // net/http sends 200 with what the handler left in the header map
		cw.status, cw.header = http.StatusOK, cw.ResponseWriter.Header().Clone()
	}
	if err := croschema.LintResponse(req, cw.status, cw.header, cw.body.Bytes()); err != nil {
		vs, _ := err.(croschema.Violations)
		report(r, vs)
	}
}
