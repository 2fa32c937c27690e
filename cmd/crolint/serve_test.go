package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	dispatcherToken = "Bearer dispatcher.token.one"
	driverToken     = "Bearer driver.token.two"
)

// startServe runs crolint serve with args, every response checked by
// crohttp's response lint: a test that ends with a non-conforming
// response fails.
func startServe(t *testing.T, args ...string) *running {
	t.Helper()
	var mu sync.Mutex
	var bad []string
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		assert.Empty(t, bad, "responses of crolint serve that break RULES.md")
	})
	check := crohttp.WithResponseCheck(func(r *http.Request, vs croschema.Violations) {
		mu.Lock()
		defer mu.Unlock()
		bad = append(bad, r.Method+" "+r.URL.Path+": "+vs.Error())
	})
	return start(t, testTimeouts, append([]string{"serve"}, args...), check)
}

func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// okHeader are the headers of a valid request.
func okHeader(extra ...string) http.Header {
	return hdr(append([]string{"Authorization", goodToken, "X-Tenant-Id", "7", "Content-Type", "application/json"}, extra...)...)
}

// sampleBody is the canonical encoding of the documented sample body.
func sampleBody(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../testdata/get-contact.response.json")
	require.NoError(t, err)
	c, err := croschema.LintContact(data)
	require.NoError(t, err)
	return string(c.AppendJSON(nil))
}

func TestServeSample(t *testing.T) {
	s := startServe(t, "-contacts", "3", "-seed", "5")
	resp, body := call(t, "GET", s.url+"/customers/1/contacts/1", okHeader(), "")
	require.Equal(t, http.StatusOK, resp.StatusCode, body)
	assert.Equal(t, sampleBody(t), body, "the sample, byte for byte")
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))

	// The generated contacts, 2 to 4, and nothing after them.
	for id := 2; id <= 4; id++ {
		resp, body := call(t, "GET", s.url+"/customers/1/contacts/"+strconv.Itoa(id), okHeader(), "")
		require.Equal(t, http.StatusOK, resp.StatusCode, body)
		c, err := croschema.LintContact([]byte(body))
		require.NoError(t, err)
		assert.Equal(t, int64(id), c.ID)
	}
	resp, _ = call(t, "GET", s.url+"/customers/1/contacts/5", okHeader(), "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// The same seed gives the same contacts.
	s2 := startServe(t, "-contacts", "3", "-seed", "5")
	s3 := startServe(t, "-contacts", "3", "-seed", "6")
	_, a := call(t, "GET", s.url+"/customers/1/contacts/3", okHeader(), "")
	_, b := call(t, "GET", s2.url+"/customers/1/contacts/3", okHeader(), "")
	_, c := call(t, "GET", s3.url+"/customers/1/contacts/3", okHeader(), "")
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
}

// TestServeStatusTable sends a request of each row of RULES.md's status table
// (RULES.md "Serving the API"), and the store's own answers.
func TestServeStatusTable(t *testing.T) {
	open := startServe(t)
	tokens := startServe(t, "-token", "Dispatcher="+dispatcherToken, "-token", "Driver="+driverToken)
	full := startServe(t, "-max-contacts", "1")
	big := `{"name": "` + strings.Repeat("x", 1<<20) + `"}`

	tests := []struct {
		name         string
		srv          *running
		method, path string
		header       http.Header
		body         string
		status       int
		field        string            // the error body's field; "-" for null
		wantHeader   map[string]string // headers the response must carry
	}{
		{"404 no endpoint", open, "GET", "/customers/1/contact/1", okHeader(), "", 404, "RequestLine.path", nil},
		{"405 on a contact", open, "DELETE", "/customers/1/contacts/1", okHeader(), "", 405, "RequestLine.method", map[string]string{"Allow": "GET,PATCH"}},
		{"405 on the collection", open, "GET", "/customers/1/contacts", okHeader(), "", 405, "RequestLine.method", map[string]string{"Allow": "POST"}},
		{"401 no authorization", open, "GET", "/customers/1/contacts/1", hdr("X-Tenant-Id", "7"), "", 401,
			"StandardRequestHeadersModel.authorization", map[string]string{"Www-Authenticate": "Bearer"}},
		{"401 bad authorization", open, "GET", "/customers/1/contacts/1", hdr("Authorization", "Basic abc", "X-Tenant-Id", "7"), "", 401,
			"StandardRequestHeadersModel.authorization", map[string]string{"Www-Authenticate": "Bearer"}},
		{"401 unknown token", tokens, "GET", "/customers/1/contacts/1", okHeader(), "", 401,
			"StandardRequestHeadersModel.authorization", map[string]string{"Www-Authenticate": "Bearer"}},
		{"403 no tenant", open, "GET", "/customers/1/contacts/1", hdr("Authorization", goodToken), "", 403,
			"StandardRequestHeadersModel.x-tenant-id", nil},
		{"403 role", tokens, "PATCH", "/customers/1/contacts/1", hdr("Authorization", driverToken, "X-Tenant-Id", "7"), `{"fax": null}`, 403, "-", nil},
		{"415", open, "POST", "/customers/1/contacts", hdr("Authorization", goodToken, "X-Tenant-Id", "7", "Content-Type", "text/plain"), `{"name": "A"}`, 415,
			"StandardRequestHeadersModel.content-type", nil},
		// A body too large to read is the request model's, as a whole body's violations are.
		{"413", open, "POST", "/customers/1/contacts", okHeader(), big, 413, "CreateCustomerContactModel", nil},
		{"400 header", open, "GET", "/customers/1/contacts/1", okHeader("X-Api-Version", "2019-02-08"), "", 400,
			"StandardRequestHeadersModel.x-api-version", nil},
		{"400 path parameter", open, "GET", "/customers/x/contacts/1", okHeader(), "", 400, "RequestLine.customer_id", nil},
		{"400 body", open, "PATCH", "/customers/1/contacts/1", okHeader(), `{"Name": "G"}`, 400, "UpdateCustomerContactModel.Name", nil},
		{"400 create without name", open, "POST", "/customers/1/contacts", okHeader(), `{"fax": null}`, 400, "CreateCustomerContactModel.name", nil},
		{"404 no such contact", open, "GET", "/customers/1/contacts/2", okHeader(), "", 404, "-", nil},
		{"404 update no such contact", open, "PATCH", "/customers/2/contacts/1", okHeader(), `{"fax": null}`, 404, "-", nil},
		{"200 get", open, "GET", "/customers/1/contacts/1/", okHeader(), "", 200, "", nil},
		{"200 get, a known token", tokens, "GET", "/customers/1/contacts/1", hdr("Authorization", driverToken, "X-Tenant-Id", "7"), "", 200, "", nil},
		// The scheme is case-insensitive (RFC 9110): "bearer x" is the -token "Bearer x".
		{"200 get, a known token, scheme in lower case", tokens, "GET", "/customers/1/contacts/1",
			hdr("Authorization", "bearer "+strings.TrimPrefix(driverToken, "Bearer "), "X-Tenant-Id", "7"), "", 200, "", nil},
		{"200 head", open, "HEAD", "/customers/1/contacts/1", okHeader(), "", 200, "", nil},
		{"200 create", open, "POST", "/customers/9/contacts", okHeader(), `{"name": "Ann"}`, 200, "",
			map[string]string{"Location": "/customers/9/contacts/1"}},
		{"200 update", tokens, "PATCH", "/customers/1/contacts/1", hdr("Authorization", dispatcherToken, "X-Tenant-Id", "7"), `{"number": "1"}`, 200, "", nil},
		{"204 options", open, "OPTIONS", "/customers/1/contacts/1", nil, "", 204, "", map[string]string{"Allow": "GET,PATCH"}},
		{"507 store full", full, "POST", "/customers/1/contacts", okHeader(), `{"name": "Ann"}`, 507, "-", nil},
		{"200 get, store full", full, "GET", "/customers/1/contacts/1", okHeader(), "", 200, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := call(t, tc.method, tc.srv.url+tc.path, tc.header, tc.body)
			require.Equal(t, tc.status, resp.StatusCode, body)
			for k, v := range tc.wantHeader {
				assert.Equal(t, v, resp.Header.Get(k), "header %s", k)
			}
			assert.NotEmpty(t, resp.Header.Get("X-Request-Id"))
			assert.Equal(t, "2019/02/08", resp.Header.Get("X-Api-Version"))
			switch {
			case tc.method == "HEAD" || tc.status == 204:
				assert.Empty(t, body)
			case tc.status == 200:
				_, err := croschema.LintContact([]byte(body))
				assert.NoError(t, err)
			default:
				e, err := croschema.LintAPIError([]byte(body))
				require.NoError(t, err, body)
				if tc.field == "-" {
					assert.False(t, e.Field.Valid, "field is null: %s", body)
				} else {
					assert.Equal(t, croschema.NewNullString(tc.field), e.Field, body)
				}
			}
		})
	}

	// The 200 update took effect, and crolint serve never printed a token.
	_, body := call(t, "GET", tokens.url+"/customers/1/contacts/1", hdr("Authorization", driverToken, "X-Tenant-Id", "7"), "")
	assert.Contains(t, body, `"number":"1"`)
	for _, s := range []*running{open, tokens, full} {
		s.stop(t)
		for _, tok := range []string{goodToken, dispatcherToken, driverToken, "driver.token", "Basic abc"} {
			assert.NotContains(t, s.stderr.String()+s.stdout.String(), tok)
		}
	}
}

// TestServeFaults: -fail, -fail-count, -fail-endpoint, -retry-after and
// -latency are crotest's Faults; Prefer asks for one per request. Every
// answer is still checked (startServe).
func TestServeFaults(t *testing.T) {
	get := "/customers/1/contacts/1"
	s := startServe(t, "-fail", "503", "-fail-count", "2", "-retry-after", "3")
	for _, want := range []int{503, 503, 200, 200} {
		resp, body := call(t, "GET", s.url+get, okHeader(), "")
		require.Equal(t, want, resp.StatusCode, body)
		if want == 503 {
			assert.Equal(t, "3", resp.Header.Get("Retry-After"))
			e, err := croschema.LintAPIError([]byte(body))
			require.NoError(t, err, body)
			assert.Equal(t, "Service Unavailable.", e.Detail)
		}
	}

	s = startServe(t, "-fail", "502", "-fail-endpoint", "create-contact")
	for range 3 {
		resp, _ := call(t, "POST", s.url+"/customers/1/contacts", okHeader(), `{"name": "A"}`)
		assert.Equal(t, 502, resp.StatusCode)
		resp, _ = call(t, "GET", s.url+get, okHeader(), "")
		assert.Equal(t, 200, resp.StatusCode)
	}
	resp, _ := call(t, "GET", s.url+"/customers/1/contacts/2", okHeader(), "")
	assert.Equal(t, 404, resp.StatusCode, "no faulted Create was stored")

	// Prefer, per request, on any crolint serve.
	resp, _ = call(t, "GET", s.url+get, okHeader("Prefer", "code=504"), "")
	assert.Equal(t, 504, resp.StatusCode)
	assert.Equal(t, "code=504", resp.Header.Get("Preference-Applied"))

	// -latency: a client with less patience times out.
	s = startServe(t, "-latency", "1h")
	req, err := http.NewRequest("GET", s.url+get, nil)
	require.NoError(t, err)
	req.Header = okHeader()
	_, err = (&http.Client{Timeout: 50 * time.Millisecond}).Do(req)
	var ne net.Error
	require.ErrorAs(t, err, &ne)
	assert.True(t, ne.Timeout())
}

// TestServeConcurrent creates and patches from many goroutines at once:
// every Create gets its own id, no PATCH is lost, and no GET sees half of
// one.
func TestServeConcurrent(t *testing.T) {
	s := startServe(t)
	const workers, each = 8, 25
	url := s.url + "/customers/42/contacts"

	var wg sync.WaitGroup
	ids := make(chan int64, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				resp, body := call(t, "POST", url, okHeader(), fmt.Sprintf(`{"name": "w%d-%d"}`, w, i))
				if !assert.Equal(t, 200, resp.StatusCode, body) {
					return
				}
				c, err := croschema.LintContact([]byte(body))
				assert.NoError(t, err)
				ids <- c.ID
			}
		})
	}
	wg.Wait()
	close(ids)
	var got []int64
	for id := range ids {
		got = append(got, id)
	}
	slices.Sort(got)
	want := make([]int64, workers*each)
	for i := range want {
		want[i] = int64(i + 1)
	}
	require.Equal(t, want, got, "ids 1 to %d, each once", len(want))

	// Each worker patches its own key of contact 1, again and again, and
	// one more sets fax and number together while readers watch that the
	// two never differ.
	keys := []string{"notify_on_acknowledged_request", "notify_on_completed_request", "notify_on_dispatched_request",
		"notify_on_failed_request", "notify_on_new_request", "email"}
	contact := url + "/1"
	for _, k := range keys {
		wg.Go(func() {
			for i := range each {
				v := strconv.FormatBool(i%2 == 0)
				if k == "email" {
					v = fmt.Sprintf(`"a%d@example.com"`, i)
				}
				resp, body := call(t, "PATCH", contact, okHeader(), `{"`+k+`": `+v+`}`)
				assert.Equal(t, 200, resp.StatusCode, body)
			}
		})
	}
	stop := make(chan struct{})
	wg.Go(func() {
		defer close(stop)
		for i := range each {
			n := fmt.Sprintf(`"%07d"`, i)
			resp, body := call(t, "PATCH", contact, okHeader(), `{"fax": `+n+`, "number": `+n+`}`)
			assert.Equal(t, 200, resp.StatusCode, body)
		}
	})
	var readers sync.WaitGroup
	for range 2 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				_, body := call(t, "GET", contact, okHeader(), "")
				c, err := croschema.LintContact([]byte(body))
				if assert.NoError(t, err) {
					assert.Equal(t, c.Fax, c.Number, "a GET saw half a PATCH")
				}
			}
		})
	}
	wg.Wait()
	readers.Wait()

	// The last write of every worker took effect ("each" is odd: the last
	// i is even, so true).
	_, body := call(t, "GET", contact, okHeader(), "")
	c, err := croschema.LintContact([]byte(body))
	require.NoError(t, err)
	want1 := croschema.CustomerContact{
		ID: 1, Name: "w0-0", Email: croschema.NewNullString(fmt.Sprintf("a%d@example.com", each-1)),
		Fax: croschema.NewNullString(fmt.Sprintf("%07d", each-1)), Number: croschema.NewNullString(fmt.Sprintf("%07d", each-1)),
		NotifyOnAcknowledgedRequest: true, NotifyOnCompletedRequest: true, NotifyOnDispatchedRequest: true,
		NotifyOnFailedRequest: true, NotifyOnNewRequest: true,
	}
	c.Name = want1.Name // whichever Create came first
	assert.Equal(t, want1, c)
}

// TestServeShutdown signals crolint serve while a request is in flight:
// the request finishes, then crolint exits 0.
func TestServeShutdown(t *testing.T) {
	s := startServe(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	body := `{"name": "In flight"}`
	_, err = fmt.Fprintf(conn, "POST /customers/1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\nX-Tenant-Id: 7\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", goodToken, len(body))
	require.NoError(t, err)
	br := bufio.NewReader(conn)
	// 100 Continue comes when the middleware reads the body: the request
	// is in flight.
	resp, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusContinue, resp.StatusCode)

	s.cancel() // SIGTERM
	assert.Equal(t, "crolint: shutting down: waiting for the requests in flight", s.stderr.next(t))
	_, err = conn.Write([]byte(body))
	require.NoError(t, err)
	resp, err = http.ReadResponse(br, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	resp.Body.Close()
	assert.Equal(t, exitOK, s.stop(t))

	_, err = http.Get(s.url + "/customers/1/contacts/1")
	assert.Error(t, err, "still listening after the shutdown")
}

// TestServeTimeouts checks that a client that sends nothing, or stops in
// the middle of its headers, is cut off rather than held forever.
func TestServeTimeouts(t *testing.T) {
	tm := testTimeouts
	tm.readHeader, tm.read, tm.idle = 200*time.Millisecond, 200*time.Millisecond, 200*time.Millisecond
	s := start(t, tm, []string{"serve"})
	for _, sent := range []string{"", "GET /customers/1/contacts/1 HTTP/1.1\r\nHost: x\r\n"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		require.NoError(t, err)
		_, err = conn.Write([]byte(sent))
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(waitLine)))
		_, err = bufio.NewReader(conn).ReadString('\n')
		// The server closes the connection (io.EOF), possibly after a
		// 408; it does not leave it open until our deadline.
		var ne net.Error
		assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server kept the connection open: %v", err)
		conn.Close()
	}
}

// TestServeProcess runs the real binary: ready line, a request, SIGTERM,
// exit status 0.
func TestServeProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "crolint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)

	cmd := exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-token", "Dispatcher="+dispatcherToken)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	require.True(t, lines.Scan(), "no ready line")
	url, ok := strings.CutPrefix(lines.Text(), "crolint: serving on ")
	require.True(t, ok, "ready line %q", lines.Text())

	resp, body := call(t, "GET", url+"/customers/1/contacts/1", hdr("Authorization", dispatcherToken, "X-Tenant-Id", "7"), "")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, sampleBody(t), body)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	var rest []string
	for lines.Scan() {
		rest = append(rest, lines.Text())
	}
	require.NoError(t, cmd.Wait(), "exit status; stderr: %q", rest)
	assert.Equal(t, []string{"crolint: shutting down: waiting for the requests in flight"}, rest)
}

// TestServeKeepsTokensSealed: the -token values are kept as
// croschema.BearerToken, so that printing the options (a debug line, a
// test failure) shows no token.
func TestServeKeepsTokensSealed(t *testing.T) {
	c := &command{stdout: bufio.NewWriter(io.Discard), stderr: io.Discard}
	o, _, ok := c.serveFlags([]string{"-token", "Driver=Bearer s3cretXYZ.tok.en", "-token", "Admin=bearer other.tok.en"})
	require.True(t, ok)
	assert.Len(t, o.tokens, 2)
	printed := fmt.Sprintf("%v %+v %#v", o, o, o)
	for _, run := range []string{"s3cr", "XYZ.", "tok.en", "othe"} {
		assert.NotContains(t, printed, run)
	}
}

// TestServeUsage checks the usage errors of crolint serve and crolint
// proxy: none quotes a token.
func TestServeUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"serve-usage-argument", []string{"serve", "x"}},
		{"serve-usage-token-no-role", []string{"serve", "-token", "Bearer secret.secret.secret"}},
		{"serve-usage-token-role", []string{"serve", "-token", "Boss=Bearer secret.secret.secret"}},
		{"serve-usage-token-pattern", []string{"serve", "-token", "Dispatcher=Basic secretsecret"}},
		{"serve-usage-token-twice", []string{"serve", "-token", "Dispatcher=Bearer secret.secret.secret", "-token", "Driver=Bearer secret.secret.secret"}},
		{"serve-usage-contacts", []string{"serve", "-contacts", "5", "-max-contacts", "5"}},
		{"serve-usage-listen", []string{"serve", "-addr", "127.0.0.1:99999"}},
		{"serve-usage-fail-status", []string{"serve", "-fail", "200"}},
		{"serve-usage-fail-count", []string{"serve", "-fail", "503", "-fail-count", "-1"}},
		{"serve-usage-fail-missing", []string{"serve", "-fail-count", "2"}},
		{"serve-usage-fail-endpoint", []string{"serve", "-fail", "503", "-fail-endpoint", "no-such-endpoint"}},
		{"serve-usage-retry-after", []string{"serve", "-fail", "429", "-retry-after", "-1"}},
		{"serve-usage-latency", []string{"serve", "-latency", "-1s"}},
		{"proxy-usage-no-target", []string{"proxy"}},
		{"proxy-usage-bad-target", []string{"proxy", "-target", "localhost:8000"}},
		{"proxy-usage-format", []string{"proxy", "-target", "http://127.0.0.1:1", "-format", "yaml"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runCLI(t, "", tc.args...)
			assert.NotContains(t, got.stdout+got.stderr, "secret")
			assert.Equal(t, exitError, got.code)
			checkGolden(t, tc.name, "args: "+strings.Join(tc.args, " ")+"\n"+got.String())
		})
	}
}

// jsonRecord is one record of -format json.
type jsonRecord struct {
	Source     string               `json:"source"`
	Valid      bool                 `json:"valid"`
	Violations croschema.Violations `json:"violations"`
}

func decodeRecord(t testing.TB, line string) jsonRecord {
	t.Helper()
	var r jsonRecord
	require.NoError(t, json.Unmarshal([]byte(line), &r), "record %q", line)
	return r
}

// TestServeOptionsStar: "OPTIONS *" names no endpoint. net/http answers it
// itself unless told not to: an empty 200 without x-api-version,
// x-request-id or the CORS headers, which every response carries.
func TestServeOptionsStar(t *testing.T) {
	p := startServe(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(waitLine)))
	_, err = io.WriteString(conn, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "OPTIONS"})
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	_, err = croschema.LintResponseHeaders(resp.Header)
	assert.NoError(t, err)
	assert.Equal(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
}

func TestParseEndpoint(t *testing.T) {
	for s, want := range map[string]croschema.Endpoint{
		"get-contact": croschema.GetContact, "GetContact": croschema.GetContact, "Get Contact": croschema.GetContact,
		"UPDATE-CONTACT": croschema.UpdateContact, "create-contact": croschema.CreateContact,
		"contact": 0, "": 0, "delete-contact": 0,
	} {
		e, ok := parseEndpoint(s)
		assert.Equal(t, want, e, "%q", s)
		assert.Equal(t, want != 0, ok, "%q", s)
	}
}

// TestServeTokenFlagNeverPrinted is issue 19.3: no part of a -token value
// reaches the output but a role name, however the value is wrong: ROLE
// and TOKEN swapped, a role misspelled, no role before an '=' that the
// token holds.
func TestServeTokenFlagNeverPrinted(t *testing.T) {
	const cred = "zq8xKW.7vm3.np5j"
	for _, tc := range []struct {
		value string
		says  string // in the message
	}{
		{"Bearer " + cred + "=Dispatcher", "role first: the value ends with the role Dispatcher"},
		{"Bearer zq8x=KW.7vm3.np5j", "not a role"},
		{"Dispatchr=Bearer " + cred, "not a role"},
		{"zq8xKW=Bearer " + cred, "not a role"},
		{"=Bearer " + cred, "not a role"},
		{"Bearer " + cred, "want ROLE=TOKEN"},
		{"Bearer " + cred + "=", "not a role"},
		{"Dispatcher=Basic " + cred, "TOKEN is not an authorization value"},
		// Without -token: an argument, never quoted either.
		{"Dispatcher=Bearer " + cred, "1 unexpected argument"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			args := []string{"serve", "-token", tc.value}
			if tc.says == "1 unexpected argument" {
				args = []string{"serve", tc.value}
			}
			got := runCLI(t, "", args...)
			assert.Equal(t, exitError, got.code)
			out := got.stdout + got.stderr
			assert.Contains(t, out, tc.says)
			for i := 0; i+4 <= len(cred); i++ {
				assert.NotContains(t, out, cred[i:i+4])
			}
			assert.NotContains(t, out, "Dispatchr")
		})
	}
}

// TestServeNetHTTPAnswers is issue 19.14: what crolint serve answers
// before its middleware runs. Request headers up to 64 KiB reach the
// middleware; larger ones get net/http's own 431. A request body in an
// encoding is the middleware's 415. The rest is net/http's, in plain
// text without the API's headers (RULES.md lists them): 417 for an
// Expect other than 100-continue, 501 for a transfer coding it does not
// know, 505 for an HTTP version other than 1.x, 400 for a header name
// that is not a token.
func TestServeNetHTTPAnswers(t *testing.T) {
	s := startServe(t)
	raw := func(head string) *http.Response {
		t.Helper()
		conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
		require.NoError(t, err)
		defer conn.Close()
		require.NoError(t, conn.SetDeadline(time.Now().Add(waitLine)))
		_, err = io.WriteString(conn, head)
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "GET"})
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	get := "GET /customers/1/contacts/1 HTTP/1.1\r\nHost: x\r\nAuthorization: " + goodToken + "\r\nX-Tenant-Id: 7\r\n"
	pad := func(n int) string { return "X-Pad: " + strings.Repeat("a", n) + "\r\n" }

	resp := raw(get + pad(60<<10) + "\r\n")
	assert.Equal(t, http.StatusOK, resp.StatusCode, "60 KiB of headers are served")
	resp = raw(get + pad(70<<10) + "\r\n")
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode, "past 64 KiB: net/http's 431")
	assert.Empty(t, resp.Header.Get("X-Api-Version"), "net/http's answer: no API headers")

	resp = raw("POST /customers/1/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: " + goodToken +
		"\r\nX-Tenant-Id: 7\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}")
	assert.Equal(t, http.StatusUnsupportedMediaType, resp.StatusCode, "the middleware's")
	_, err := croschema.LintResponseHeaders(resp.Header)
	assert.NoError(t, err)

	for _, tc := range []struct {
		head   string
		status int
	}{
		{get + "Expect: something\r\n\r\n", http.StatusExpectationFailed},
		{"POST /customers/1/contacts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", http.StatusNotImplemented},
		{"GET /customers/1/contacts/1 HTTP/2.0\r\nHost: x\r\n\r\n", http.StatusHTTPVersionNotSupported},
		{get + "Bad Name: x\r\n\r\n", http.StatusBadRequest},
	} {
		resp := raw(tc.head)
		assert.Equal(t, tc.status, resp.StatusCode, "%q", tc.head)
		assert.Empty(t, resp.Header.Get("X-Api-Version"), "net/http's answer: %q", tc.head)
	}
}

// TestReadyLinePort: with -addr 127.0.0.1:0 the ready line of serve and
// proxy names the port the system picked, where they listen.
func TestReadyLinePort(t *testing.T) {
	s := startServe(t)
	p := startProxy(t, testTimeouts, s.url)
	for _, r := range []*running{s, p} {
		host, port, err := net.SplitHostPort(strings.TrimPrefix(r.url, "http://"))
		require.NoError(t, err, r.url)
		assert.Equal(t, "127.0.0.1", host)
		n, err := strconv.Atoi(port)
		require.NoError(t, err)
		assert.NotZero(t, n, "the port picked, not 0")
		resp, _ := call(t, "GET", r.url+"/customers/1/contacts/1", okHeader(), "")
		assert.Equal(t, http.StatusOK, resp.StatusCode)
	}
	assert.Equal(t, "request GET /customers/1/contacts/1: ok", p.stdout.next(t))
}
