package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// echoCred is a long access token: a detail cut at 64 bytes holds a piece
// of it.
const echoCred = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInNjb3BlIjoiY29udGFjdHMifQ.c2lnbmF0dXJlX3NlY3JldF9wYXJ0"

// assertNoPiece fails t when out holds a run of 4 characters of echoCred,
// as it is or upper-cased.
func assertNoPiece(t *testing.T, out, what string) {
	t.Helper()
	for i := 0; i+4 <= len(echoCred); i++ {
		if run := echoCred[i : i+4]; strings.Contains(out, run) || strings.Contains(out, strings.ToUpper(run)) {
			t.Errorf("%s holds %q of the token: %s", what, run, out)
			return
		}
	}
}

// TestProxyRecordsNoTokenPiece puts the token, or a piece of it, in every
// place of a request and of the target's response that a record quotes:
// no record shows any of it.
func TestProxyRecordsNoTokenPiece(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		cred := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("X-Api-Version", "2019/02/08")
		w.Header().Set("X-Request-Id", cred[:40])
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"detail":"bad token %s","%s":1}`, cred, strings.ToUpper(cred[3:30]))
	}))
	defer target.Close()
	for _, format := range []string{"json"} { // one line a record
		p := startProxy(t, testTimeouts, target.URL, "-format", format)
		auth := "Bearer " + echoCred
		for _, tc := range []struct{ method, path, body, extra string }{
			{"GET", "/customers/1/contacts/2", "", auth},
			{"GET", "/customers/" + echoCred[:30] + "/contacts/2", "", ""},
			{"POST", "/customers/1/contacts", `{"name":"n","email":"` + echoCred + `","` + echoCred[5:20] + `":1}`, ""},
		} {
			h := okHeader("X-Request-Id", tc.extra)
			h.Set("Authorization", auth)
			if tc.extra == "" {
				h.Del("X-Request-Id")
			}
			call(t, tc.method, p.url+tc.path, h, tc.body)
			req, resp := p.stdout.next(t), p.stdout.next(t)
			assert.Contains(t, req, `"valid":false`, "the request has a violation")
			assert.Contains(t, resp, "x-request-id")
			assertNoPiece(t, req, format+" request record")
			assertNoPiece(t, resp, format+" response record")
		}
		p.stop(t)
		assertNoPiece(t, p.stderr.String(), "standard error")
	}
}

// TestRequestNoTokenPiece checks crolint request: a token copied into the
// path or the body does not come back in its output.
func TestRequestNoTokenPiece(t *testing.T) {
	body := `{"name":"n","email":"` + echoCred + `","` + echoCred[5:20] + `":1}`
	raw := "POST /customers/" + echoCred[:30] + "/contacts HTTP/1.1\r\nAuthorization: Bearer " + echoCred +
		"\r\nX-Tenant-Id: 1\r\nX-Request-Id: " + echoCred[10:50] + "\r\nContent-Type: application/json\r\nContent-Length: " +
		fmt.Sprint(len(body)) + "\r\n\r\n" + body
	for _, format := range []string{"text", "json"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"-format", format, "request"}, strings.NewReader(raw), &stdout, &stderr)
		assert.Equal(t, exitInvalid, code, stdout.String())
		assert.Contains(t, stdout.String(), "customer_id")
		assertNoPiece(t, stdout.String()+stderr.String(), format+" output")
	}
}
