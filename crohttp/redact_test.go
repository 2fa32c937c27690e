package crohttp_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// echoCred is the access token of the echo tests: long, so that a detail
// cut at 64 bytes holds only a piece of it.
const echoCred = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiIsInNjb3BlIjoiY29udGFjdHMifQ.c2lnbmF0dXJlX3NlY3JldF9wYXJ0"

// assertNoPiece fails t when out holds any run of 4 characters of
// echoCred, as it is or upper-cased.
func assertNoPiece(t *testing.T, out, what string) {
	t.Helper()
	for i := 0; i+4 <= len(echoCred); i++ {
		if run := echoCred[i : i+4]; strings.Contains(out, run) || strings.Contains(out, strings.ToUpper(run)) {
			t.Errorf("%s holds %q of the token: %s", what, run, out)
			return
		}
	}
}

// contactWith returns a valid contact body with key set to the JSON value v.
func contactWith(key, v string) string {
	return strings.Replace(docContactJSON, `"`+key+`":`, `"`+key+`":`+v+`,"_`+key+`":`, 1)
}

// echoes are servers that send the token they were given back, whole, cut
// short or upper-cased, in every place a response has.
var echoes = []struct {
	name string
	send func(w http.ResponseWriter, auth, cred string)
}{
	{"x-request-id, whole value", func(w http.ResponseWriter, auth, _ string) {
		w.Header().Set("X-Request-Id", auth)
		w.WriteHeader(404)
		io.WriteString(w, `{"detail":"Not found."}`)
	}},
	{"x-request-id on a 200, cut", func(w http.ResponseWriter, _, cred string) {
		w.Header().Set("X-Request-Id", cred[:40])
		io.WriteString(w, docContactJSON)
	}},
	{"error detail, cut at 64 bytes", func(w http.ResponseWriter, auth, _ string) {
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"detail":"bad token %s...","explanation":"%s"}`, auth[:64], auth[10:50])
	}},
	{"error field, upper case", func(w http.ResponseWriter, _, cred string) {
		w.WriteHeader(403)
		fmt.Fprintf(w, `{"detail":"x","field":"%s"}`, strings.ToUpper(cred))
	}},
	{"not an error body", func(w http.ResponseWriter, _, cred string) {
		w.Header().Set("Content-Type", "text/"+cred[:30])
		w.WriteHeader(500)
		io.WriteString(w, "<html>"+cred+"</html>")
	}},
	{"email of a 200", func(w http.ResponseWriter, _, cred string) {
		io.WriteString(w, contactWith("email", `"`+cred+`"`))
	}},
	{"fax of a 200", func(w http.ResponseWriter, _, cred string) {
		io.WriteString(w, contactWith("fax", `"`+cred[:20]+`"`)) // too long: max_length; the detail does not quote it
	}},
	{"a key of a 200", func(w http.ResponseWriter, _, cred string) {
		io.WriteString(w, strings.Replace(docContactJSON, `"id":`, `"`+cred+`":1,"id":`, 1))
	}},
	{"a key and a bad value of a 200", func(w http.ResponseWriter, _, cred string) {
		io.WriteString(w, strings.Replace(docContactJSON, `"id":7`, `"id":"`+cred+`"`, 1))
	}},
}

// TestTokenEchoedByServer checks that what a server echoes of the token
// reaches neither a Client's error (its text, %+v, %#v), nor a lenient
// Client's report, nor NewTransport's reports.
func TestTokenEchoedByServer(t *testing.T) {
	for _, ec := range echoes {
		t.Run(ec.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				auth := r.Header.Get("Authorization")
				w.Header().Set("X-Api-Version", "2019/02/08")
				w.Header().Set("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
				w.Header().Set("Content-Type", "application/json")
				ec.send(w, auth, strings.TrimPrefix(auth, "Bearer "))
			}))
			defer srv.Close()
			var out []string
			report := func(r crohttp.Report) { out = append(out, r.String(), fmt.Sprintf("%+v", r)) }
			hc := &http.Client{Transport: crohttp.NewTransport(nil, report)}
			for _, lenient := range []bool{false, true} {
				opts := []crohttp.ClientOption{crohttp.WithHTTPClient(hc)}
				if lenient {
					opts = append(opts, crohttp.WithLenientResponses(report))
				}
				c := crohttp.NewClient(srv.URL, croschema.NewBearerToken(echoCred), 1, opts...)
				_, err := c.GetContact(context.Background(), 1, 1)
				if err != nil {
					out = append(out, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
					var re *crohttp.ResponseError
					require.ErrorAs(t, err, &re)
					out = append(out, fmt.Sprintf("%#v", *re), fmt.Sprintf("%#v", re.Err))
				}
			}
			require.NotEmpty(t, out, "the echo is reported")
			for _, o := range out {
				assertNoPiece(t, o, "output")
			}
		})
	}
}

// TestTransportPathNoTokenPiece: a request whose path holds the token gets
// a report whose path and violations do not.
func TestTransportPathNoTokenPiece(t *testing.T) {
	d := newAPIDouble(t, reply{body: docContactJSON})
	var got []string
	hc := &http.Client{Transport: crohttp.NewTransport(nil, func(r crohttp.Report) {
		got = append(got, r.String(), fmt.Sprintf("%+v", r))
	})}
	req, err := http.NewRequest("GET", d.URL+"/customers/"+echoCred[:30]+"/contacts/2", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+echoCred)
	req.Header.Set("X-Tenant-Id", "1")
	resp, err := hc.Do(req)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.NotEmpty(t, got)
	for _, o := range got {
		assertNoPiece(t, o, "the report")
	}
}

// TestTokenEchoedToMiddleware checks that the middleware's error body
// never sends back a piece of the token that the client put elsewhere in
// its request: another header, the path, a key or a value of the body.
func TestTokenEchoedToMiddleware(t *testing.T) {
	srv, _ := newServer(t)
	auth := "Bearer " + echoCred
	for _, tc := range []struct {
		name, method, path, body string
		header                   func(http.Header)
	}{
		{"x-request-id", "GET", "/customers/1/contacts/2", "", set("X-Request-Id", auth)},
		{"x-tenant-id", "GET", "/customers/1/contacts/2", "", set("X-Tenant-Id", echoCred)},
		{"content-type", "POST", "/customers/1/contacts", `{"name":"n"}`, set("Content-Type", echoCred[5:40])},
		{"path parameter", "GET", "/customers/" + echoCred + "/contacts/2", "", nil},
		{"unknown path", "GET", "/customers/1/" + echoCred, "", nil},
		{"email", "POST", "/customers/1/contacts", `{"name":"n","email":"` + echoCred + `"}`, nil},
		{"key", "PATCH", "/customers/1/contacts/2", `{"` + echoCred + `":1,"name":2}`, nil},
		{"boolean", "PATCH", "/customers/1/contacts/2", `{"notify_on_new_request":"` + echoCred + `"}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := stdHeaders()
			h.Set("Authorization", auth)
			if tc.body != "" {
				h.Set("Content-Type", "application/json")
			}
			if tc.header != nil {
				tc.header(h)
			}
			resp, body := do(t, srv, tc.method, tc.path, h, tc.body)
			require.GreaterOrEqual(t, resp.StatusCode, 400, "%s", body)
			assertNoPiece(t, string(body), "the error body")
		})
	}
}

// TestResponseErrorInert checks that ResponseError.Error escapes what a
// terminal would act on in everything the server wrote: the error body's
// field and detail, and x-request-id.
func TestResponseErrorInert(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Read(make([]byte, 4096))
		body := `{"detail":"\u001b]0;PWNED\u0007\u001b[2J","field":"a\u0085b\u202e"}`
		fmt.Fprintf(conn, "HTTP/1.1 404 Not Found\r\nX-Request-Id: a\xc2\x85b\r\nContent-Type: application/json\r\n"+
			"Content-Length: %d\r\nConnection: close\r\n\r\n%s", len(body), body)
	}()
	c := crohttp.NewClient("http://"+ln.Addr().String(), clientToken, 1)
	_, err = c.GetContact(context.Background(), 1, 2)
	require.Error(t, err)
	msg := err.Error()
	require.Equal(t, `crohttp: GET /customers/1/contacts/2: 404 Not Found (x-request-id a\u0085b): a\u0085b\u202e: \x1b]0;PWNED\a\x1b[2J`, msg)
}

// TestClientRefusesWhatToleranceHides checks that the tolerant decoding
// of a success forgives unknown keys and nothing else: a body missing a
// key (a boolean that would read as false), repeating one (two parsers,
// two contacts) or with a null boolean is an error, and in lenient mode a
// reported success; so is a 2xx other than 200.
func TestClientRefusesWhatToleranceHides(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"missing keys", `{"id":7,"name":"n"}`, []string{
			"/email required", "/fax required", "/notify_on_acknowledged_request required",
			"/notify_on_completed_request required", "/notify_on_dispatched_request required",
			"/notify_on_failed_request required", "/notify_on_new_request required", "/number required"}},
		{"a key twice", strings.Replace(docContactJSON, `"id":7`, `"id":7,"id":2`, 1), []string{"/id duplicate_key"}},
		{"a null boolean", strings.Replace(docContactJSON, `"notify_on_new_request":true`, `"notify_on_new_request":null`, 1),
			[]string{"/notify_on_new_request null"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newAPIDouble(t, reply{body: tc.body})
			_, err := crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
			var vs croschema.Violations
			require.ErrorAs(t, err, &vs)
			require.Equal(t, tc.want, locCodes(vs))

			var reports []crohttp.Report
			lenient := crohttp.NewClient(d.URL, clientToken, clientTenant,
				crohttp.WithLenientResponses(func(r crohttp.Report) { reports = append(reports, r) }))
			_, err = lenient.GetContact(context.Background(), 1042, 7)
			require.NoError(t, err)
			require.Len(t, reports, 1)
			require.Equal(t, tc.want, locCodes(reports[0].Violations))
		})
	}
	// A success the API never answers: 201 (or 202, 203, ...) with a contact.
	for _, status := range []int{201, 202, 203, 206} {
		d := newAPIDouble(t, reply{status: status, body: docContactJSON})
		_, err := crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs, "status %d", status)
		require.Equal(t, []string{"status enum"}, locCodes(vs))
	}
	// Unknown keys, even repeated, are what tolerance is for.
	d := newAPIDouble(t, reply{body: strings.Replace(docContactJSON, `"id":1`, `"id":1,"new":1,"new":2`, 1)})
	_, err := crohttp.NewClient(d.URL, clientToken, clientTenant).GetContact(context.Background(), 1042, 7)
	require.NoError(t, err)
}

// TestReportInert checks that Report.String escapes the method, which a
// caller of NewTransport's RoundTrip may set to anything: the request's
// report comes before the base transport refuses it.
func TestReportInert(t *testing.T) {
	var got []string
	tr := crohttp.NewTransport(roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, http.ErrNotSupported
	}), func(r crohttp.Report) { got = append(got, r.String()) })
	u, err := url.Parse("http://127.0.0.1:1/customers/1/contacts/2")
	require.NoError(t, err)
	_, err = tr.RoundTrip(&http.Request{Method: "GET\x1b]0;PWNED\x07", URL: u, Header: http.Header{}})
	require.Error(t, err)
	require.Len(t, got, 1)
	require.NotContains(t, got[0], "\x1b")
	require.True(t, strings.HasPrefix(got[0], `GET\x1b]0;PWNED\a /customers/1/contacts/2: request: method: method:`), got[0])
}

// TestResponseCheckNoTokenPiece: WithResponseCheck reports the violations
// of a handler's response, which may quote a token the handler echoed.
func TestResponseCheckNoTokenPiece(t *testing.T) {
	var got []string
	h := crohttp.Middleware(crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
		got = append(got, vs.Error())
	}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cred := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.Header().Set("X-Request-Id", cred[:50])
		io.WriteString(w, contactWith("email", `"`+strings.ToUpper(cred)+`"`))
	}))
	r := httptest.NewRequest("GET", "/customers/1/contacts/2", nil)
	r.Header = stdHeaders()
	r.Header.Set("Authorization", "Bearer "+echoCred)
	h.ServeHTTP(httptest.NewRecorder(), r)
	require.Len(t, got, 1)
	require.Contains(t, got[0], "x-request-id: uuid")
	require.Contains(t, got[0], "/email: email")
	assertNoPiece(t, got[0], "the response check's report")
}

// TestTransportReportsNon200Success: NewTransport reports a 2xx other than
// 200, as the Client refuses it.
func TestTransportReportsNon200Success(t *testing.T) {
	d := newAPIDouble(t, reply{status: 201, body: docContactJSON})
	var got []crohttp.Report
	hc := &http.Client{Transport: crohttp.NewTransport(nil, func(r crohttp.Report) { got = append(got, r) })}
	resp, err := hc.Get(d.URL + "/customers/1/contacts/2")
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	var status []string
	for _, r := range got {
		if r.Direction == crohttp.DirectionResponse {
			status = locCodes(r.Violations)
		}
	}
	require.Equal(t, []string{"status enum"}, status)
}

// TestTransportUndecodedBodyNoTokenPiece: a response body the transport
// cannot decode is reported with its content-encoding, which a server may
// have filled with the token.
func TestTransportUndecodedBodyNoTokenPiece(t *testing.T) {
	for _, enc := range []string{echoCred[:30], strings.ToUpper(echoCred[20:50])} {
		var got []string
		tr := crohttp.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
			h := apiHeaders(r)
			h.Set("Content-Encoding", enc)
			return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(docContactJSON))}, nil
		}), func(r crohttp.Report) { got = append(got, r.String(), fmt.Sprintf("%+v", r)) })
		req, err := http.NewRequest("GET", "http://api.test/customers/1/contacts/7", nil)
		require.NoError(t, err)
		req.Header = validRequestHeader()
		req.Header.Set("Authorization", "Bearer "+echoCred)
		resp, err := tr.RoundTrip(req)
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.NotEmpty(t, got)
		require.Contains(t, got[0], `"": syntax: content-encoding "[redacted]": only gzip is decoded`)
		for _, o := range got {
			assertNoPiece(t, o, "the report")
		}
	}
}

// The bodies of TestDigitsTokenAsNumber: a digits-only token echoed as a
// JSON number where a boolean or the id belongs (issue 19, item 1).
var (
	digitsInBool = strings.Replace(docContactJSON, `"notify_on_new_request":true`, `"notify_on_new_request":`+digitsToken, 1)
	digitsInID   = strings.Replace(docContactJSON, `"id":7`, `"id":`+digitsToken+`.5`, 1)
)

// TestDigitsTokenAsNumber: a token of digits only, echoed as a JSON
// number, reaches neither the middleware's 400, nor the test mode's
// report, nor a Client's error, nor the transport's reports.
func TestDigitsTokenAsNumber(t *testing.T) {
	auth := "Bearer " + digitsToken

	t.Run("the middleware's 400", func(t *testing.T) {
		srv, _ := newServer(t)
		h := stdHeaders()
		h.Set("Authorization", auth)
		for _, body := range []string{`{"notify_on_new_request":` + digitsToken + `}`, `{"notify_on_new_request":` + digitsToken + `.5}`,
			`{"fax":` + digitsToken + `,"email":-` + digitsToken + `e3}`, `{"id":` + digitsToken + `.5}`} {
			resp, data := do(t, srv, "PATCH", contactPath, h, body)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s", data)
			assertNoRun(t, string(data), digitsToken, "the error body")
		}
	})

	t.Run("the test mode's report", func(t *testing.T) {
		for _, body := range []string{digitsInBool, digitsInID} {
			var got []string
			h := crohttp.Middleware(crohttp.WithResponseCheck(func(_ *http.Request, vs croschema.Violations) {
				got = append(got, vs.Error(), fmt.Sprintf("%+v", vs))
			}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
			r := httptest.NewRequest("GET", contactPath, nil)
			r.Header = stdHeaders()
			r.Header.Set("Authorization", auth)
			h.ServeHTTP(httptest.NewRecorder(), r)
			require.NotEmpty(t, got, "the echo is reported")
			assertNoRun(t, strings.Join(got, "\n"), digitsToken, "the report")
		}
	})

	t.Run("a Client's error and the transport's reports", func(t *testing.T) {
		for _, body := range []string{digitsInBool, digitsInID} {
			d := newAPIDouble(t, reply{body: body})
			var reports []string
			hc := &http.Client{Transport: crohttp.NewTransport(nil, func(r crohttp.Report) { reports = append(reports, fzReportsText([]crohttp.Report{r})) })}
			c := crohttp.NewClient(d.URL, croschema.NewBearerToken(digitsToken), clientTenant, crohttp.WithHTTPClient(hc))
			_, err := c.UpdateContact(context.Background(), 1042, 7, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
			require.Error(t, err)
			assertNoRun(t, fzErrorText(err), digitsToken, "the error")
			require.NotEmpty(t, reports)
			assertNoRun(t, strings.Join(reports, "\n"), digitsToken, "the transport's reports")
		}
		// The request's body, through the transport alone.
		var reports []string
		tr := crohttp.NewTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Header: apiHeaders(r), Body: io.NopCloser(strings.NewReader(digitsInID))}, nil
		}), func(r crohttp.Report) { reports = append(reports, fzReportsText([]crohttp.Report{r})) })
		req, err := http.NewRequest("PATCH", "http://api.test"+contactPath, strings.NewReader(`{"notify_on_new_request":`+digitsToken+`}`))
		require.NoError(t, err)
		req.Header = stdHeaders()
		req.Header.Set("Authorization", auth)
		resp, err := tr.RoundTrip(req)
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Len(t, reports, 2, "the request's and the response's")
		assertNoRun(t, strings.Join(reports, "\n"), digitsToken, "the transport's reports")
	})
}
