package crohttp_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
)

// A wireServer is a loopback server that writes bytes, not net/http's
// server: it reads each request (head and body), answers it with the
// bytes its answer function gives for it, whatever they are, and closes
// the connection, so that a client sees every kind of broken HTTP a
// server can send. It records the requests it read.
type wireServer struct {
	ln     net.Listener
	answer func(n int, req *http.Request) []byte // n counts requests from 1
	// hold, when not nil, keeps each connection open after the answer
	// until it is closed: a server that stops in the middle of a body.
	hold chan struct{}

	mu   sync.Mutex
	reqs []wireRequest
	wg   sync.WaitGroup
}

// wireRequest is a request a wireServer read.
type wireRequest struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// newWireServer starts a wireServer on 127.0.0.1:0 that answers with
// answer; tb's cleanup stops it.
func newWireServer(tb testing.TB, answer func(n int, req *http.Request) []byte) *wireServer {
	return newHoldingServer(tb, answer, nil)
}

// newHoldingServer is newWireServer with hold (see wireServer).
func newHoldingServer(tb testing.TB, answer func(n int, req *http.Request) []byte, hold chan struct{}) *wireServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &wireServer{ln: ln, answer: answer, hold: hold}
	s.wg.Add(1)
	go s.serve()
	tb.Cleanup(s.close)
	return s
}

// URL returns "http://127.0.0.1:PORT".
func (s *wireServer) URL() string { return "http://" + s.ln.Addr().String() }

func (s *wireServer) close() {
	s.ln.Close()
	if s.hold != nil {
		select {
		case <-s.hold:
		default:
			close(s.hold)
		}
	}
	s.wg.Wait()
}

func (s *wireServer) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.handle(conn)
		}()
	}
}

// handle answers one request on conn, then closes it: the writing half
// first, then, when the client has closed its half (or after a while),
// the connection, so that no reset can overtake the answer.
func (s *wireServer) handle(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second)) // a safety net, not a timing
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	body, _ := io.ReadAll(req.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, wireRequest{req.Method, req.URL.EscapedPath(), req.Header, body})
	n := len(s.reqs)
	s.mu.Unlock()
	if answer := s.answer(n, req); answer != nil {
		conn.Write(answer)
	}
	if s.hold != nil {
		<-s.hold
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	io.Copy(io.Discard, br)
}

// requests returns the requests the server read.
func (s *wireServer) requests() []wireRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]wireRequest(nil), s.reqs...)
}

// wireAnswer returns head (status line and header lines, each ending in
// CRLF), "Connection: close" (the server closes every connection after
// one answer: a client that kept it for its next request would get EOF,
// which a POST is not retried on), an empty line and body, with "$LEN" in
// head standing for the body's length.
func wireAnswer(head, body string) []byte {
	head = string(bytes.ReplaceAll([]byte(head), []byte("$LEN"), []byte(strconv.Itoa(len(body)))))
	return []byte(head + "Connection: close\r\n\r\n" + body)
}

// digitsToken is an access token of digits only: it matches the
// documented pattern, and a server may echo it as a JSON number.
const digitsToken = "31415926535897932384"

// assertNoRun fails t when out holds a run of 4 characters of cred, in any
// ASCII letter case. The placeholder "[redacted]" and loopback addresses
// (their ports are digits of no one's choosing) are not searched.
func assertNoRun(t *testing.T, out, cred, what string) {
	t.Helper()
	out = fzLoopback.ReplaceAllString(strings.ReplaceAll(out, "[redacted]", "\n"), "127.0.0.1:PORT")
	if runs := fzRuns(out, cred); len(runs) > 0 {
		t.Errorf("%s shows %q of the token:\n%s", what, runs, out)
	}
}

// answerWith returns an answer function that gives every request answer.
func answerWith(answer []byte) func(int, *http.Request) []byte {
	return func(int, *http.Request) []byte { return answer }
}

// TestClientWireErrorsNoTokenPiece: net/http's client quotes what a
// server sent in its errors (a redirect's Location, parsable or not, a
// header line without a colon, the status line, Content-Length,
// Transfer-Encoding); a server that echoes the token there must not have
// it shown in the Client's error, whatever the token (issue 19, item 2).
func TestClientWireErrorsNoTokenPiece(t *testing.T) {
	for _, tc := range []struct{ name, answer string }{
		{"a redirect's Location", "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/$TOKEN\r\nContent-Length: 0\r\n\r\n"},
		{"a Location that does not parse", "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://[$TOKEN\r\nContent-Length: 0\r\n\r\n"},
		{"a header line without a colon", "HTTP/1.1 200 OK\r\n$TOKEN\r\nContent-Length: 0\r\n\r\n"},
		{"the status line", "HTTP/1.1 $TOKEN OK\r\nContent-Length: 0\r\n\r\n"},
		{"Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: $TOKEN\r\n\r\n"},
		{"Transfer-Encoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: $TOKEN\r\n\r\n"},
	} {
		for kind, tok := range map[string]string{"jwt": clientAccessToken, "digits": digitsToken} {
			t.Run(tc.name+"/"+kind, func(t *testing.T) {
				srv := newWireServer(t, answerWith(fzWire([]byte(tc.answer), tok)))
				c := crohttp.NewClient(srv.URL(), croschema.NewBearerToken(tok), clientTenant, crohttp.WithRetry(crohttp.RetryPolicy{}))
				_, err := c.GetContact(context.Background(), 1, 7)
				require.Error(t, err)
				require.Len(t, srv.requests(), 1, "requests the server read")
				assertNoRun(t, fzErrorText(err), tok, "the error")
			})
		}
	}
}

// TestClientNeverFollowsRedirects: the API never redirects, and a Client
// never follows a 3xx, with its own http.Client or with a caller's whose
// CheckRedirect would follow: the server the Location names (another port
// of the same host) gets no request at all, so neither the token nor
// x-tenant-id nor a POST body; nothing is sent twice; the 3xx is a
// *ResponseError with its status and the request's method (issue 19,
// item 4).
func TestClientNeverFollowsRedirects(t *testing.T) {
	elsewhere := newWireServer(t, answerWith(wireAnswer("HTTP/1.1 200 OK\r\nContent-Length: $LEN\r\n", docContactJSON)))
	follows := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		for name, opts := range map[string][]crohttp.ClientOption{
			"default":                 nil,
			"a client that redirects": {crohttp.WithHTTPClient(follows)},
		} {
			t.Run(strconv.Itoa(status)+"/"+name, func(t *testing.T) {
				srv := newWireServer(t, func(_ int, r *http.Request) []byte {
					return wireAnswer(fmt.Sprintf("HTTP/1.1 %d %s\r\nLocation: %s%s\r\nContent-Length: 0\r\n", status,
						http.StatusText(status), elsewhere.URL(), r.URL.EscapedPath()), "")
				})
				c := crohttp.NewClient(srv.URL(), clientToken, clientTenant, opts...)
				ctx := context.Background()
				for method, call := range map[string]func() error{
					"GET": func() error { _, err := c.GetContact(ctx, 1042, 7); return err },
					"POST": func() error {
						_, err := c.CreateContact(ctx, 1042, croschema.CreateCustomerContact{Name: croschema.Set("George")})
						return err
					},
					"PATCH": func() error {
						_, err := c.UpdateContact(ctx, 1042, 7, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
						return err
					},
				} {
					err := call()
					var re *crohttp.ResponseError
					require.ErrorAs(t, err, &re, method)
					assert.Equal(t, status, re.StatusCode, method)
					assert.Equal(t, method, re.Method, "the method stays the request's")
					var ae *croschema.APIError
					assert.False(t, errors.As(err, &ae), "%s: a 3xx is no API error: %v", method, err)
					assert.Contains(t, err.Error(), strconv.Itoa(status), method)
				}
				assert.Len(t, srv.requests(), 3, "one request per call, none sent again")
				assert.Empty(t, elsewhere.requests(), "requests to the Location's origin")
			})
		}
	}
}

// TestClientTimesOut: a server that never answers, or stops in the middle
// of its body, does not hold a call past its context, and the error says
// it is a timeout (issue 19, item 5; the defaults themselves are checked
// by TestDefaultTimeouts).
func TestClientTimesOut(t *testing.T) {
	for name, answer := range map[string][]byte{
		"no answer":     nil,
		"half a body":   []byte("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + docContactJSON[:40]),
		"half the head": []byte("HTTP/1.1 200 OK\r\nContent-Le"),
	} {
		t.Run(name, func(t *testing.T) {
			srv := newHoldingServer(t, answerWith(answer), make(chan struct{}))
			c := crohttp.NewClient(srv.URL(), clientToken, clientTenant)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := c.GetContact(ctx, 1042, 7)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			var te *crohttp.TransportError
			require.ErrorAs(t, err, &te)
			assert.True(t, te.Timeout(), "Timeout() of %v", err)
		})
	}
}

// failThen returns an answer function that gives the first len(fails)
// requests fails[i] (nil: the connection closed before any byte of an
// answer) and every later one a conforming 200 with the contact asked for.
func failThen(fails ...[]byte) func(int, *http.Request) []byte {
	return func(n int, r *http.Request) []byte {
		if n <= len(fails) {
			return fails[n-1]
		}
		body := docContactJSON
		head := "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: $LEN\r\n"
		if r.Method == http.MethodPost {
			head += "Location: /customers/1042/contacts/7\r\n"
		}
		return wireAnswer(head, body)
	}
}

// status returns an answer with status code and no body, and the extra
// header lines.
func status(code int, lines ...string) []byte {
	return wireAnswer(fmt.Sprintf("HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\n", code, http.StatusText(code), strings.Join(lines, "")), "")
}

// TestClientRetries checks RULES.md "Calling the API" on retries against a
// loopback server that fails N times, then answers (issue 19, item 6): GET
// and PATCH are retried after a connection closed before any byte, 429,
// 502, 503 and 504, by default (2 retries), each try with the call's one
// x-request-id; POST never; other statuses never; Retry-After is honoured
// up to MaxDelay (longer: no retry) and the call's context bounds every
// wait; WithRetry changes or disables it all.
func TestClientRetries(t *testing.T) {
	// A policy that does not wait: the order of tries is the test, not
	// their timing.
	noWait := crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 2, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond})
	get := func(ctx context.Context, c *crohttp.Client) error { _, err := c.GetContact(ctx, 1042, 7); return err }
	patch := func(ctx context.Context, c *crohttp.Client) error {
		_, err := c.UpdateContact(ctx, 1042, 7, croschema.UpdateCustomerContact{Fax: croschema.SetNull[string]()})
		return err
	}
	post := func(ctx context.Context, c *crohttp.Client) error {
		_, err := c.CreateContact(ctx, 1042, croschema.CreateCustomerContact{Name: croschema.Set("George")})
		return err
	}
	for _, tc := range []struct {
		name    string
		call    func(context.Context, *crohttp.Client) error
		opts    []crohttp.ClientOption
		timeout time.Duration // of the call's context; none when 0
		fails   [][]byte
		tries   int
		status  int // of the error; 0: a success, -1: an error without an answer
	}{
		{"GET 503 502, default policy", get, nil, 0, [][]byte{status(503), status(502)}, 3, 0},
		{"PATCH 429 504, default policy", patch, nil, 0, [][]byte{status(429), status(504)}, 3, 0},
		{"GET connection closed twice", get, []crohttp.ClientOption{noWait}, 0, [][]byte{nil, nil}, 3, 0},
		{"PATCH connection closed", patch, []crohttp.ClientOption{noWait}, 0, [][]byte{nil}, 2, 0},
		{"GET 503 three times", get, []crohttp.ClientOption{noWait}, 0, [][]byte{status(503), status(503), status(503)}, 3, 503},
		{"GET closed three times", get, []crohttp.ClientOption{noWait}, 0, [][]byte{nil, nil, nil}, 3, -1},
		// Some bytes of an answer came: not "before any response byte".
		{"GET closed in the middle of the head", get, []crohttp.ClientOption{noWait}, 0, [][]byte{[]byte("HTTP/1.1 200 OK\r\nContent-Le")}, 1, -1},
		{"GET answered a malformed status line", get, []crohttp.ClientOption{noWait}, 0, [][]byte{[]byte("HTTP/1.1 2000 OK\r\n\r\n")}, 1, -1},
		{"POST 503", post, []crohttp.ClientOption{noWait}, 0, [][]byte{status(503)}, 1, 503},
		{"POST connection closed", post, []crohttp.ClientOption{noWait}, 0, [][]byte{nil}, 1, -1},
		{"GET 500", get, []crohttp.ClientOption{noWait}, 0, [][]byte{status(500)}, 1, 500},
		{"GET 404", get, []crohttp.ClientOption{noWait}, 0, [][]byte{status(404)}, 1, 404},
		{"GET 408", get, []crohttp.ClientOption{noWait}, 0, [][]byte{status(408)}, 1, 408},
		{"GET 503 with Retry-After: 0", get, []crohttp.ClientOption{noWait}, 0, [][]byte{status(503, "Retry-After: 0\r\n")}, 2, 0},
		{"GET 503 with Retry-After longer than MaxDelay", get, []crohttp.ClientOption{noWait}, 0,
			[][]byte{status(503, "Retry-After: 1\r\n")}, 1, 503},
		{"GET 429 with a Retry-After date later than MaxDelay", get, []crohttp.ClientOption{noWait}, 0,
			[][]byte{status(429, "Retry-After: Fri, 31 Dec 9999 23:59:59 GMT\r\n")}, 1, 429},
		// Honoured: an hour's wait, which the context ends, where the
		// backoff alone (a nanosecond) would have retried at once.
		{"GET 503 with Retry-After within MaxDelay", get,
			[]crohttp.ClientOption{crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 2, BaseDelay: time.Nanosecond, MaxDelay: 2 * time.Hour})},
			50 * time.Millisecond, [][]byte{status(503, "Retry-After: 3600\r\n")}, 1, 503},
		// The context bounds a backoff: waits of up to a thousand hours.
		{"GET 502, a long backoff", get,
			[]crohttp.ClientOption{crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 2, BaseDelay: 1000 * time.Hour, MaxDelay: 1000 * time.Hour})},
			50 * time.Millisecond, [][]byte{status(502)}, 1, 502},
		{"WithRetry(RetryPolicy{}) disables", get, []crohttp.ClientOption{crohttp.WithRetry(crohttp.RetryPolicy{})}, 0,
			[][]byte{status(503)}, 1, 503},
		{"WithRetry: one retry", get, []crohttp.ClientOption{crohttp.WithRetry(crohttp.RetryPolicy{MaxRetries: 1})}, 0,
			[][]byte{status(503), status(503)}, 2, 503},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newWireServer(t, failThen(tc.fails...))
			c := crohttp.NewClient(srv.URL(), clientToken, clientTenant, tc.opts...)
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			err := tc.call(ctx, c)
			reqs := srv.requests()
			require.Equal(t, tc.tries, len(reqs), "tries; error %v", err)
			for i, r := range reqs {
				assert.Equal(t, reqs[0].Method, r.Method)
				assert.Equal(t, reqs[0].Path, r.Path)
				assert.Equal(t, reqs[0].Body, r.Body, "try %d's body", i+1)
				id := r.Header.Get("X-Request-Id")
				assert.Regexp(t, uuidV4, id, "try %d", i+1)
				assert.Equal(t, reqs[0].Header.Get("X-Request-Id"), id, "try %d's x-request-id", i+1)
			}
			var re *crohttp.ResponseError
			switch tc.status {
			case 0:
				require.NoError(t, err)
			case -1:
				var te *crohttp.TransportError
				require.ErrorAs(t, err, &te)
				assert.False(t, errors.As(err, &re), "an error without an answer: %v", err)
			default:
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.status, re.StatusCode)
			}
		})
	}
}
