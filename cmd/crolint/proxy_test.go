package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crogen"
	"github.com/leanovate/gopter"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plant is a response the target gives on one path.
type plant struct {
	path      string      // where plantedViolations plants it
	reqHeader http.Header // the request's headers; nil for okHeader()
	status    int
	header    http.Header
	body      []byte
	want      []want // the violations the proxy must report for it, in order
	what      string // for failure messages
}

// received is a request as the target saw it.
type received struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

// target is a test server that answers each path with its plant and keeps
// what it received.
type target struct {
	*httptest.Server
	mu     sync.Mutex
	plants map[string]plant
	got    []received
}

func newTarget(t *testing.T) *target {
	tg := &target{plants: map[string]plant{}}
	tg.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		tg.mu.Lock()
		tg.got = append(tg.got, received{r.Method, r.RequestURI, r.Host, r.Header.Clone(), body})
		p, ok := tg.plants[r.URL.Path]
		tg.mu.Unlock()
		if !ok {
			p = plant{status: 200, header: validRespHeader(r.URL.Path), body: contactFor(r.URL.Path)}
		}
		for k, vs := range p.header {
			for _, v := range vs {
				w.Header().Add(k, v) // canonical: net/http then sees a content-type
			}
		}
		w.WriteHeader(p.status)
		w.Write(p.body)
	}))
	t.Cleanup(tg.Close)
	return tg
}

func (tg *target) hits() int {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return len(tg.got)
}

func (tg *target) last() received {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return tg.got[len(tg.got)-1]
}

// validRespHeader returns the headers of a conforming answer with a body
// on path to a request without x-request-id or x-api-version: the ids,
// content-type and the CORS headers of path.
func validRespHeader(path string) http.Header {
	h := hdr("X-Api-Version", "2019/02/08", "X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", "Content-Type", "application/json")
	for k, v := range corsHeader(path) {
		h[k] = v
	}
	return h
}

// corsHeader returns the CORS headers every answer on path carries, as the
// root package sets them.
func corsHeader(path string) http.Header {
	req, _ := croschema.LintRequestHead(http.MethodOptions, path, nil)
	all := http.Header{}
	req.SetResponseHeaders(all)
	h := http.Header{}
	for k, v := range all {
		if strings.HasPrefix(k, "Access-Control-") {
			h[k] = v
		}
	}
	return h
}

// contactFor returns the contact body of the success of a Get or an
// Update on path: contact with the id of the path's contact.
func contactFor(path string) []byte {
	_, p, err := croschema.MatchEndpoint(http.MethodGet, path)
	if err != nil || p.CustomerContactID == 1 {
		return []byte(contact)
	}
	return []byte(strings.Replace(contact, `"id":1,`, `"id":`+strconv.FormatInt(p.CustomerContactID, 10)+",", 1))
}

// sampleGen draws one value of g, the same for the same seed.
func sampleGen(t *testing.T, g gopter.Gen, seed int64) any {
	t.Helper()
	p := gopter.DefaultGenParameters().CloneWithSeed(seed)
	for range 100 {
		if v, ok := g(p).Retrieve(); ok {
			return v
		}
	}
	t.Fatalf("the generator gave no value")
	return nil
}

// carried reports whether HTTP/1.1 carries every header of h as it is: no
// control character, no space at either end (net/http would trim or
// refuse those).
func carried(h http.Header) bool {
	for _, vs := range h {
		for _, v := range vs {
			if strings.TrimLeft(v, " \t") != v || strings.TrimRight(v, " \t") != v {
				return false
			}
			for i := 0; i < len(v); i++ {
				if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
					return false
				}
			}
		}
	}
	return true
}

// plantedViolations returns one plant per way to break the contract in a
// response to a valid GET, derived from crogen's breaks: every rule of the
// contact body (on a 200), every rule of the error body (on a 404, which
// a valid GET may get), every rule of the response headers; and a valid
// response. Each is planted on its own path, the one its body's id names,
// so that each breaks its rule and nothing else.
func plantedViolations(t *testing.T) []plant {
	var ps []plant
	add := func(p plant, id int64) {
		p.path = "/customers/" + strconv.Itoa(len(ps)+1) + "/contacts/" + strconv.FormatInt(id, 10)
		ps = append(ps, p)
	}
	add(plant{status: 200, header: validRespHeader(contactPath), body: []byte(contact), what: "valid"}, 1)
	add(plant{status: 201, header: validRespHeader(contactPath), body: []byte(contact),
		want: []want{{"status", "enum"}}, what: "a success other than 200"}, 1)
	add(plant{status: 200, header: validRespHeader(contactPath), body: []byte(contact),
		want: []want{{"/id", "enum"}}, what: "the contact of another path"}, 2)
	noCORS := validRespHeader(contactPath)
	noCORS.Del("Access-Control-Allow-Origin")
	add(plant{status: 200, header: noCORS, body: []byte(contact),
		want: []want{{"access-control-allow-origin", "required"}}, what: "no Access-Control-Allow-Origin"}, 1)
	for i, b := range crogen.Breaks(croschema.ModelCustomerContact) {
		d := sampleGen(t, b.Gen, int64(i)).(crogen.Doc)
		pl := plant{status: 200, header: validRespHeader(contactPath), body: d.JSON(),
			want: []want{{d.Want.Location, d.Want.Code}}, what: "contact " + d.String()}
		// The path names the body's id, so that the id breaks no rule of
		// its own, unless no path can: a negative id, or an id given twice
		// with two values (JSON parsers disagree on which one counts).
		ids, id := docIDs(d.JSON()), int64(1)
		if len(ids) > 0 {
			id = ids[len(ids)-1]
		}
		if id < 0 || slices.ContainsFunc(ids, func(other int64) bool { return other != id }) {
			pl.want = append(pl.want, want{"/id", "enum"})
			id = 1
		}
		add(pl, id)
	}
	for i, b := range crogen.Breaks(croschema.ModelAPIError) {
		d := sampleGen(t, b.Gen, int64(i)).(crogen.Doc)
		add(plant{status: 404, header: validRespHeader(contactPath), body: d.JSON(),
			want: []want{{d.Want.Location, d.Want.Code}}, what: "error " + d.String()}, 1)
	}
	skipped := 0
	for i, b := range crogen.ResponseHeaderBreaks() {
		s := sampleGen(t, b.Gen, int64(i)).(crogen.HeaderSet)
		if !carried(s.Header()) {
			skipped++
			continue
		}
		// The set is valid by the header model but for its one break; a
		// whole response must also echo the request's ids, carry the CORS
		// headers, and (having a body) a JSON content-type: the request
		// sends the set's ids, the CORS headers are added, a content-type
		// too when the set has none (net/http would sniff text/plain).
		h := s.Header()
		for k, v := range corsHeader(contactPath) {
			h[k] = v
		}
		pl := plant{status: 200, header: h, body: []byte(contact), reqHeader: okHeader(),
			want: []want{{s.Want.Location, s.Want.Code}}, what: "headers " + s.String()}
		rh, _ := croschema.LintResponseHeaders(h)
		if rh.APIVersion.IsValid() {
			pl.reqHeader.Set("X-Api-Version", rh.APIVersion.String())
		}
		if rh.RequestID != "" {
			pl.reqHeader.Set("X-Request-Id", rh.RequestID)
		}
		switch ct := values(h, "Content-Type"); {
		case len(ct) == 0:
			h.Set("Content-Type", "application/json")
		case !isJSON(ct[0]) && s.Want.Location != "content-type":
			// Valid by the header model, but no JSON for the body. (A
			// content-type the model rejects is that one violation.)
			pl.want = append(pl.want, want{"content-type", "enum"})
		}
		add(pl, 1)
	}
	require.Less(t, skipped, len(crogen.ResponseHeaderBreaks())/2, "most header breaks travel over HTTP")
	return ps
}

// isJSON reports whether the media type of a content-type, before any
// parameter, is application/json (RFC 9110, section 8.3.1: space may
// precede the ';').
func isJSON(contentType string) bool {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.EqualFold(strings.Trim(mt, " \t"), "application/json")
}

// contactPath is a path of Get Contact.
const contactPath = "/customers/1/contacts/1"

// docIDs returns the values of a contact document's keys "id" that are
// integer literals within int64, in order, read on its own (not by the
// lint under test).
func docIDs(doc []byte) []int64 {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var ids []int64
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		var n json.Number
		if key == "id" && json.Unmarshal(v, &n) == nil {
			if id, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// values returns the values of h's header name under every spelling of
// it, as a header set of crogen may spell it.
func values(h http.Header, name string) []string {
	var out []string
	for k, v := range h {
		if strings.EqualFold(k, name) {
			out = append(out, v...)
		}
	}
	return out
}

func startProxy(t *testing.T, tm timeouts, targetURL string, args ...string) *running {
	t.Helper()
	return start(t, tm, append([]string{"proxy", "-target", targetURL}, args...))
}

// TestProxyReportsPlanted puts the proxy in front of a target that plants
// each kind of violation in its responses: the proxy reports exactly
// those, and the client gets the target's response unchanged.
func TestProxyReportsPlanted(t *testing.T) {
	tg := newTarget(t)
	p := startProxy(t, testTimeouts, tg.URL, "-format", "json")
	plants := plantedViolations(t)
	for _, pl := range plants {
		tg.plants[pl.path] = pl
	}
	for _, pl := range plants {
		path := pl.path
		h := pl.reqHeader
		if h == nil {
			h = okHeader()
		}
		resp, body := call(t, "GET", p.url+path, h, "")
		assert.Equal(t, pl.status, resp.StatusCode, pl.what)
		assert.Equal(t, string(pl.body), body, "the body, unchanged: %s", pl.what)
		sent := http.Header{}
		for k, vs := range pl.header {
			for _, v := range vs {
				sent.Add(k, v)
			}
		}
		for k, v := range sent {
			// In any order: keys in two letter cases merge in map order.
			assert.ElementsMatch(t, v, resp.Header.Values(k), "header %s unchanged: %s", k, pl.what)
		}

		req := decodeRecord(t, p.stdout.next(t))
		assert.Equal(t, jsonRecord{Source: "request GET " + path, Valid: true, Violations: croschema.Violations{}}, req)
		rec := decodeRecord(t, p.stdout.next(t))
		assert.Equal(t, "response "+strconv.Itoa(pl.status)+" GET "+path, rec.Source)
		assert.Equal(t, len(pl.want) == 0, rec.Valid)
		assert.Equal(t, pl.want, orNil(locCodes(rec.Violations)), "%s", pl.what)
	}
	assert.Equal(t, exitOK, p.stop(t))
}

func orNil(ws []want) []want {
	if len(ws) == 0 {
		return nil
	}
	return ws
}

// TestProxyText checks that the text records read as crolint's lint
// writes them, with the sources of the proxy.
func TestProxyText(t *testing.T) {
	tg := newTarget(t)
	bad := `{"name": "", "Name": 1}`
	tg.plants["/customers/1/contacts/2"] = plant{status: 200, header: validRespHeader("/customers/1/contacts/2"), body: []byte(bad)}
	p := startProxy(t, testTimeouts, tg.URL)

	call(t, "GET", p.url+"/customers/1/contacts/2?x=1", okHeader(), "")
	assert.Equal(t, "request GET /customers/1/contacts/2: ok", p.stdout.next(t))
	vs := appendError(nil, croschema.ModelCustomerContact.Lint([]byte(bad)))
	require.NotEmpty(t, vs)
	for _, v := range vs {
		assert.Equal(t, "response 200 GET /customers/1/contacts/2: "+v.String(), p.stdout.next(t))
	}

	call(t, "PATCH", p.url+"/customers/1/contacts/x", hdr("X-Tenant-Id", "7"), `{"fax": 1}`)
	for _, line := range []string{
		"request PATCH /customers/1/contacts/x: customer_contact_id: integer: ",
		"request PATCH /customers/1/contacts/x: authorization: required: ",
		"request PATCH /customers/1/contacts/x: /fax: type: ",
	} {
		assert.True(t, strings.HasPrefix(p.stdout.next(t), line), "want %q...", line)
	}
	assert.True(t, strings.HasPrefix(p.stdout.next(t), "response 200 PATCH /customers/1/contacts/x: "))
}

// TestProxyForwardsUnchanged checks that the target gets what the client
// sent, bad requests too, Host rewritten; and that other paths are
// forwarded without a record.
func TestProxyForwardsUnchanged(t *testing.T) {
	tg := newTarget(t)
	p := startProxy(t, testTimeouts, tg.URL, "-format", "json")
	host := strings.TrimPrefix(tg.URL, "http://")

	h := okHeader("X-Custom", "1", "X-Forwarded-For", "10.0.0.1", "X-Api-Version", "2019-02-08")
	body := `{"Name": "x", "fax": "1"}`
	resp, _ := call(t, "POST", p.url+"/customers/1/contacts?dry=1&x=%20", h, body)
	assert.Equal(t, 200, resp.StatusCode)
	got := tg.last()
	assert.Equal(t, "POST", got.method)
	assert.Equal(t, "/customers/1/contacts?dry=1&x=%20", got.uri)
	assert.Equal(t, host, got.host)
	assert.Equal(t, body, string(got.body))
	for k, v := range h {
		assert.Equal(t, v, got.header.Values(k), "header %s", k)
	}
	rec := decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "request POST /customers/1/contacts", rec.Source)
	assert.Equal(t, []want{{"x-api-version", "enum"}, {"/Name", "unknown_field"}, {"/fax", "min_length"}, {"/name", "required"}},
		locCodes(rec.Violations))
	// The target's 200 to a request a conforming server answers 400 is a
	// status violation of the target's.
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "response 200 POST /customers/1/contacts", rec.Source)
	assert.Contains(t, locCodes(rec.Violations), want{"status", "enum"})

	// A GET with a body, a body over the limit: forwarded whole, reported.
	resp, _ = call(t, "GET", p.url+"/customers/1/contacts/1", okHeader(), "{}")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "{}", string(tg.last().body))
	assert.Equal(t, []want{{"", "syntax"}}, locCodes(decodeRecord(t, p.stdout.next(t)).Violations))
	decodeRecord(t, p.stdout.next(t))
	big := `{"name": "` + strings.Repeat("x", 2<<20) + `"}`
	call(t, "POST", p.url+"/customers/1/contacts", okHeader(), big)
	assert.Equal(t, len(big), len(tg.last().body))
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, []want{{"", "max_length"}}, locCodes(rec.Violations))
	assert.Contains(t, rec.Violations[0].Detail, "larger than 1048576 bytes")
	decodeRecord(t, p.stdout.next(t))

	// Outside the endpoints, and OPTIONS: forwarded, and recorded too (a
	// conforming server answers another path 404).
	resp, _ = call(t, "GET", p.url+"/health?deep=1", hdr("X-Custom", "2"), "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "/health?deep=1", tg.last().uri)
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "request GET /health", rec.Source)
	assert.Equal(t, want{"path", "path"}, locCodes(rec.Violations)[0])
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "response 200 GET /health", rec.Source)
	assert.Contains(t, locCodes(rec.Violations), want{"status", "enum"})

	call(t, "OPTIONS", p.url+"/customers/1/contacts", nil, "")
	assert.Equal(t, "OPTIONS", tg.last().method)
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, jsonRecord{Source: "request OPTIONS /customers/1/contacts", Valid: true, Violations: croschema.Violations{}}, rec,
		"a preflight carries no token")
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "response 200 OPTIONS /customers/1/contacts", rec.Source)
	assert.Contains(t, locCodes(rec.Violations), want{"status", "enum"}, "a preflight is answered 204")

	call(t, "DELETE", p.url+"/customers/1/contacts/1", okHeader(), "")
	rec = decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, "request DELETE /customers/1/contacts/1", rec.Source)
	assert.Equal(t, []want{{"method", "method"}}, locCodes(rec.Violations))
}

// TestProxyStrict checks that -strict answers a request with violations
// itself, as crohttp's middleware does, and still records it.
func TestProxyStrict(t *testing.T) {
	tg := newTarget(t)
	p := startProxy(t, testTimeouts, tg.URL, "-strict", "-format", "json")
	tests := []struct {
		name         string
		method, path string
		header       http.Header
		body         string
		status       int
		field        string
	}{
		{"valid GET", "GET", "/customers/1/contacts/1", okHeader(), "", 200, ""},
		{"400 Create without name", "POST", "/customers/1/contacts", okHeader(), `{}`, 400, "CreateCustomerContactModel.name"},
		{"405", "DELETE", "/customers/1/contacts/1", okHeader(), "", 405, "RequestLine.method"},
		{"401", "GET", "/customers/1/contacts/1", hdr("X-Tenant-Id", "7"), "", 401, "StandardRequestHeadersModel.authorization"},
		{"403", "GET", "/customers/1/contacts/1", hdr("Authorization", goodToken), "", 403, "StandardRequestHeadersModel.x-tenant-id"},
		{"415", "PATCH", "/customers/1/contacts/1", okHeader("Content-Type", "text/plain"), `{}`, 415, "StandardRequestHeadersModel.content-type"},
		{"413", "POST", "/customers/1/contacts", okHeader(), `{"name": "` + strings.Repeat("x", 1<<20) + `"}`, 413, "CreateCustomerContactModel"},
		{"400 body", "PATCH", "/customers/1/contacts/1", okHeader(), `{"Name": "x"}`, 400, "UpdateCustomerContactModel.Name"},
		{"400 GET with a body", "GET", "/customers/1/contacts/1", okHeader(), `{}`, 400, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := tg.hits()
			resp, body := call(t, tc.method, p.url+tc.path, tc.header, tc.body)
			assert.Equal(t, tc.status, resp.StatusCode, body)
			rec := decodeRecord(t, p.stdout.next(t))
			assert.Equal(t, "request "+tc.method+" "+tc.path, rec.Source)
			if tc.status == 200 {
				assert.True(t, rec.Valid)
				assert.Equal(t, before+1, tg.hits(), "forwarded")
				assert.True(t, decodeRecord(t, p.stdout.next(t)).Valid)
				return
			}
			assert.False(t, rec.Valid)
			assert.Equal(t, before, tg.hits(), "not forwarded")
			e, err := croschema.LintAPIError([]byte(body))
			require.NoError(t, err, body)
			if tc.field != "" {
				assert.Equal(t, croschema.NewNullString(tc.field), e.Field)
			}
			_, err = croschema.LintResponseHeaders(resp.Header)
			assert.NoError(t, err, "the proxy's own answer has RULES.md's headers")
		})
	}
}

// TestProxyTargetFails checks the 502s: a target that refuses the
// connection, one that never answers, and one that stops in the middle of
// its body. None hangs the proxy.
func TestProxyTargetFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String()
	ln.Close()

	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/customers/1/contacts/2" { // half a body, then nothing
			for k, v := range validRespHeader(r.URL.Path) {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte(`{"name": "`))
			w.(http.Flusher).Flush()
		}
		<-release
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) }) // before hang.Close, which waits for handlers

	// A target that answers anything but HTTP, and hangs up.
	garbage, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { garbage.Close() })
	go func() {
		for {
			conn, err := garbage.Accept()
			if err != nil {
				return
			}
			conn.Read(make([]byte, 4096))
			conn.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n\r\n"))
			conn.Close()
		}
	}()

	tm := testTimeouts
	tm.targetHeader, tm.stall = 300*time.Millisecond, 300*time.Millisecond
	for _, tc := range []struct {
		name, target, what string
	}{
		{"refused", closed, "could not be reached or sent no HTTP response"},
		{"not HTTP", "http://" + garbage.Addr().String(), "could not be reached or sent no HTTP response"},
		{"no answer", hang.URL, "did not answer in time"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := startProxy(t, tm, tc.target, "-format", "json")
			h := okHeader("X-Request-Id", "b24c2138-65af-4ed3-8e1d-b85a7dc8171c")
			resp, body := call(t, "GET", p.url+"/customers/1/contacts/1", h, "")
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
			e, err := croschema.LintAPIError([]byte(body))
			require.NoError(t, err, body)
			assert.Contains(t, e.Detail, tc.what)
			_, err = croschema.LintResponseHeaders(resp.Header)
			assert.NoError(t, err)
			assert.Equal(t, "b24c2138-65af-4ed3-8e1d-b85a7dc8171c", resp.Header.Get("X-Request-Id"))
			assert.Equal(t, "GET,PATCH", resp.Header.Get("Allow"))

			assert.True(t, decodeRecord(t, p.stdout.next(t)).Valid)
			rec := decodeRecord(t, p.stdout.next(t))
			assert.Equal(t, "response 502 GET /customers/1/contacts/1", rec.Source)
			assert.Equal(t, []want{{"", "syntax"}}, locCodes(rec.Violations))
			assert.Contains(t, p.stderr.next(t), "answered 502")
			assert.NotContains(t, p.stderr.String(), goodToken)

			// Outside the endpoints: a 502 too, and its records.
			resp, _ = call(t, "GET", p.url+"/other", nil, "")
			assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
			rec = decodeRecord(t, p.stdout.next(t))
			assert.Equal(t, "request GET /other", rec.Source)
			assert.Equal(t, want{"path", "path"}, locCodes(rec.Violations)[0])
			rec = decodeRecord(t, p.stdout.next(t))
			assert.Equal(t, "response 502 GET /other", rec.Source)
			assert.Equal(t, []want{{"", "syntax"}}, locCodes(rec.Violations))
			assert.Equal(t, exitOK, p.stop(t))
		})
	}

	t.Run("body stalls", func(t *testing.T) {
		p := startProxy(t, tm, hang.URL, "-format", "json")
		req, err := http.NewRequest("GET", p.url+"/customers/1/contacts/2", nil)
		require.NoError(t, err)
		req.Header = okHeader()
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		assert.Equal(t, 200, resp.StatusCode)
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		assert.Error(t, err, "the body is cut short")
		decodeRecord(t, p.stdout.next(t))
		rec := decodeRecord(t, p.stdout.next(t))
		require.Len(t, rec.Violations, 1)
		assert.Contains(t, rec.Violations[0].Detail, "the target sent nothing for 300ms")
	})
}

// TestProxyStreams checks that a body reaches the client as the target
// writes it, whatever its size, and that a gzip body is linted decoded.
func TestProxyStreams(t *testing.T) {
	next := make(chan struct{})
	const chunk = 1 << 20
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/customers/1/contacts/1": // gzip
			w.Header().Set("Content-Encoding", "gzip")
			for k, v := range validRespHeader(r.URL.Path) {
				w.Header()[k] = v
			}
			zw := gzip.NewWriter(w)
			zw.Write([]byte(`{"Name": 1}`))
			zw.Close()
		default: // 8 chunks, the first before the test asks for the rest
			for i := range 8 {
				w.Write(bytes.Repeat([]byte{'a' + byte(i)}, chunk))
				w.(http.Flusher).Flush()
				if i == 0 {
					<-next
				}
			}
		}
	}))
	defer tg.Close()
	p := startProxy(t, testTimeouts, tg.URL, "-format", "json")

	resp, err := http.Get(p.url + "/download")
	require.NoError(t, err)
	first := make([]byte, chunk)
	_, err = io.ReadFull(resp.Body, first)
	require.NoError(t, err, "the first chunk arrives before the target writes the next")
	close(next)
	rest, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Equal(t, 7*chunk, len(rest))
	assert.Equal(t, bytes.Repeat([]byte{'h'}, chunk), rest[6*chunk:])

	// /download is no endpoint's path: its records say so.
	assert.Equal(t, "request GET /download", decodeRecord(t, p.stdout.next(t)).Source)
	assert.Equal(t, "response 200 GET /download", decodeRecord(t, p.stdout.next(t)).Source)

	resp, body := call(t, "GET", p.url+"/customers/1/contacts/1", okHeader(), "")
	assert.Equal(t, `{"Name": 1}`, body, "Go's client asked for gzip and decoded it")
	decodeRecord(t, p.stdout.next(t))
	rec := decodeRecord(t, p.stdout.next(t))
	assert.Equal(t, []want{{"/Name", "unknown_field"}, {"/email", "required"}}, locCodes(rec.Violations)[:2])
	_ = resp
}

// TestProxyConcurrent sends many requests at once: every record is one
// whole line.
func TestProxyConcurrent(t *testing.T) {
	tg := newTarget(t)
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			p := startProxy(t, testTimeouts, tg.URL, "-format", format)
			const workers, each = 8, 10
			var wg sync.WaitGroup
			var sent atomic.Int64
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						// Each request has violations with long details, so
						// that a record is several writes in text.
						path := fmt.Sprintf("/customers/%d/contacts/%d", w, i)
						call(t, "PATCH", p.url+path, okHeader(), `{"Name": 1, "fax": "1", "email": "no", "number": ""}`)
						sent.Add(1)
					}
				})
			}
			wg.Wait()
			assert.Equal(t, exitOK, p.stop(t))
			lines := strings.Split(strings.TrimSuffix(p.stdout.String(), "\n"), "\n")
			requests := 0
			if format == "json" {
				require.Len(t, lines, 2*workers*each)
				for _, l := range lines {
					if rec := decodeRecord(t, l); strings.HasPrefix(rec.Source, "request ") {
						requests++
						assert.Len(t, rec.Violations, 4)
					}
				}
				assert.Equal(t, workers*each, requests)
				return
			}
			// Text: each request's four lines come together.
			require.Len(t, lines, 5*workers*each)
			for i := 0; i < len(lines); {
				src, _, _ := strings.Cut(lines[i], ": ")
				if strings.HasPrefix(src, "request ") {
					for j := range 4 {
						assert.True(t, strings.HasPrefix(lines[i+j], src+": "), "line %d of a record: %q", j, lines[i+j])
					}
					i += 4
					continue
				}
				// The target's 200 to an invalid request.
				assert.True(t, strings.HasPrefix(lines[i], src+": status: enum: "), "%q", lines[i])
				i++
			}
		})
	}
}

// TestProxyShutdown signals the proxy while a response streams: it
// finishes, then the proxy exits 0.
func TestProxyShutdown(t *testing.T) {
	next := make(chan struct{})
	tg := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range validRespHeader(r.URL.Path) {
			w.Header()[k] = v
		}
		w.Write([]byte(contact[:10]))
		w.(http.Flusher).Flush()
		<-next
		w.Write([]byte(contact[10:]))
	}))
	defer tg.Close()
	p := startProxy(t, testTimeouts, tg.URL, "-format", "json")

	req, _ := http.NewRequest("GET", p.url+"/customers/1/contacts/1", nil)
	req.Header = okHeader()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	first := make([]byte, 10)
	_, err = io.ReadFull(resp.Body, first)
	require.NoError(t, err)

	p.cancel()
	assert.Equal(t, "crolint: shutting down: waiting for the requests in flight", p.stderr.next(t))
	close(next)
	rest, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, contact, string(first)+string(rest))
	assert.Equal(t, exitOK, p.stop(t))
	decodeRecord(t, p.stdout.next(t))
	assert.True(t, decodeRecord(t, p.stdout.next(t)).Valid)
}

// TestProxyHalfClosedClient: a client that sends its request and closes
// its side of the connection (as an HTTP/1.0 tool, nc -N or a script's
// shutdown(SHUT_WR) does) is still there to read the answer. net/http
// cancels the request's context when it reads the end of the connection;
// the proxy must not cancel the target's answer with it (the client used
// to get an empty 200 of net/http's, or a 502), and the exchange gets its
// records.
func TestProxyHalfClosedClient(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/customers/1/contacts/2" { // the half-closed client's
			close(arrived)
			select {
			case <-release: // the test has seen the client's half-close go out
			case <-r.Context().Done(): // the proxy gave up on this request
				return
			}
		}
		for k, v := range validRespHeader(r.URL.Path) {
			w.Header()[k] = v
		}
		w.Write(contactFor(r.URL.Path))
	}))
	defer target.Close()
	p := startProxy(t, testTimeouts, target.URL, "-format", "json")
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "GET /customers/1/contacts/2 HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\nX-Tenant-Id: 7\r\n\r\n", goodToken)
	<-arrived // the request reached the target: the proxy's handler is running
	require.NoError(t, conn.(*net.TCPConn).CloseWrite())
	assert.True(t, decodeRecord(t, p.stdout.next(t)).Valid) // the request's
	// The proxy's side of the connection reads the end of it at once; a
	// proxy that cancels on it has done so by the time the record of a
	// second exchange, on another connection, is out.
	call(t, "GET", p.url+"/customers/1/contacts/3", okHeader(), "")
	close(release)

	require.NoError(t, conn.SetReadDeadline(time.Now().Add(waitLine)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "GET"})
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, string(contactFor("/customers/1/contacts/2")), string(body), "the target's answer")
	var sources []string
	for range 3 { // the second exchange's two records, and this one's response
		rec := decodeRecord(t, p.stdout.next(t))
		assert.True(t, rec.Valid, "%+v", rec)
		sources = append(sources, rec.Source)
	}
	assert.Contains(t, sources, "response 200 GET /customers/1/contacts/2")
}

// TestProxyNearMissPaths is issue 19.11: paths that a lenient server
// might clean into an endpoint's ("//customers/...", dot segments, a
// doubled trailing slash, another letter case) name no endpoint. Every one
// gets a record; without -strict it is forwarded as sent, with -strict the
// proxy answers 404 itself, as a conforming server does.
func TestProxyNearMissPaths(t *testing.T) {
	paths := []string{
		"//customers/1/contacts/1",
		"/customers/1/contacts/./1",
		"/customers/1/contacts/1//",
		"/Customers/1/contacts/1",
		"/customers/1/CONTACTS",
		"/customers/1/contacts/../contacts/1",
		"/customers//1/contacts/1",
		"/customers/1/contacts%2F1",
	}
	tg := newTarget(t)
	lax := startProxy(t, testTimeouts, tg.URL, "-format", "json")
	strict := startProxy(t, testTimeouts, tg.URL, "-format", "json", "-strict")
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			resp, _ := call(t, "GET", lax.url+path, okHeader(), "")
			assert.Equal(t, 200, resp.StatusCode, "forwarded: the target's answer")
			assert.Equal(t, path, tg.last().uri, "forwarded as sent")
			rec := decodeRecord(t, lax.stdout.next(t))
			assert.Equal(t, "request GET "+path, rec.Source)
			assert.Equal(t, []want{{"path", "path"}}, locCodes(rec.Violations))
			rec = decodeRecord(t, lax.stdout.next(t))
			assert.Equal(t, "response 200 GET "+path, rec.Source)
			assert.Contains(t, locCodes(rec.Violations), want{"status", "enum"}, "a conforming server answers 404")

			before := tg.hits()
			resp, body := call(t, "GET", strict.url+path, okHeader(), "")
			assert.Equal(t, 404, resp.StatusCode, body)
			assert.Equal(t, before, tg.hits(), "not forwarded")
			e, err := croschema.LintAPIError([]byte(body))
			require.NoError(t, err, body)
			assert.Equal(t, croschema.NewNullString("RequestLine.path"), e.Field)
			assert.NoError(t, croschema.LintResponse(nil, resp.StatusCode, resp.Header, []byte(body)))
			rec = decodeRecord(t, strict.stdout.next(t))
			assert.Equal(t, "request GET "+path, rec.Source)
			assert.Equal(t, []want{{"path", "path"}}, locCodes(rec.Violations))
		})
	}
}

// TestProxyConnectionHeaders is issue 19.12: the headers that Connection
// names are hop-by-hop, and ReverseProxy does not forward them. The record
// is of the request the target gets: without its token and tenant here,
// so not ok; and -strict answers it as the target would have to.
func TestProxyConnectionHeaders(t *testing.T) {
	tg := newTarget(t)
	lax := startProxy(t, testTimeouts, tg.URL, "-format", "json")
	strict := startProxy(t, testTimeouts, tg.URL, "-format", "json", "-strict")
	h := okHeader("Connection", "Authorization, X-Tenant-Id")
	path := "/customers/1/contacts/1"

	resp, _ := call(t, "GET", lax.url+path, h, "")
	assert.Equal(t, 200, resp.StatusCode)
	got := tg.last().header
	assert.Empty(t, got.Values("Authorization"), "the target got no token")
	assert.Empty(t, got.Values("X-Tenant-Id"))
	rec := decodeRecord(t, lax.stdout.next(t))
	assert.Equal(t, []want{{"authorization", "required"}, {"x-tenant-id", "required"}}, locCodes(rec.Violations))
	rec = decodeRecord(t, lax.stdout.next(t))
	assert.Contains(t, locCodes(rec.Violations), want{"status", "enum"}, "a conforming target answers 401")

	before := tg.hits()
	resp, body := call(t, "GET", strict.url+path, h, "")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, body)
	assert.Equal(t, before, tg.hits(), "not forwarded")
	assert.Equal(t, "Bearer", resp.Header.Get("Www-Authenticate"))
	e, err := croschema.LintAPIError([]byte(body))
	require.NoError(t, err, body)
	assert.Equal(t, croschema.NewNullString("StandardRequestHeadersModel.authorization"), e.Field)
	req, _ := croschema.LintRequestHead("GET", path, http.Header{}) // the request as the target would have got it
	assert.NoError(t, croschema.LintResponse(&req, resp.StatusCode, resp.Header, []byte(body)))
	rec = decodeRecord(t, strict.stdout.next(t))
	assert.Equal(t, []want{{"authorization", "required"}, {"x-tenant-id", "required"}}, locCodes(rec.Violations))

	// Connection naming a header that carries no token: the rest is
	// checked as forwarded.
	resp, _ = call(t, "GET", lax.url+path, okHeader("X-Api-Version", "2019-02-08", "Connection", "x-api-version"), "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Empty(t, tg.last().header.Values("X-Api-Version"))
	rec = decodeRecord(t, lax.stdout.next(t))
	assert.True(t, rec.Valid, "the bad version never reached the target: %v", rec.Violations)
	decodeRecord(t, lax.stdout.next(t))
}

// TestProxy502LogInert is issue 19.13: the line the proxy logs for a 502
// holds the request's path escaped (C1 controls, U+202E, bytes that are
// not UTF-8 written as %q writes them) and no piece of the token the path
// holds; so does the record.
func TestProxy502LogInert(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String()
	ln.Close()
	p := startProxy(t, testTimeouts, closed)

	const cred = "zq8xKW.7vm3.np5j"
	path := "/customers/1/contacts/1\xc2\x85\xe2\x80\xae\xff" + cred
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nX-Tenant-Id: 7\r\nConnection: close\r\n\r\n", path, cred)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(waitLine)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "GET"})
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)

	line := p.stderr.next(t)
	assert.True(t, strings.HasSuffix(line, "answered 502"), "%q", line)
	records := p.stdout.next(t) + "\n" + p.stdout.next(t)
	for what, out := range map[string]string{"log": line, "records": records} {
		assert.True(t, utf8.ValidString(out), "%s: %q", what, out)
		assert.False(t, strings.ContainsAny(out, "\u0085\u202e"), "%s: %q", what, out)
		assert.Contains(t, out, `\u0085\u202e\xff`, what)
		for i := 0; i+4 <= len(cred); i++ {
			assert.NotContains(t, out, cred[i:i+4], what)
		}
	}
}
