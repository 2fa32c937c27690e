package check

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// A Response is one answer, as the engine received it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// A Target answers the engine's requests: a server at a base URL
// (NewHTTPTarget) or an http.Handler in process (NewHandlerTarget).
type Target interface {
	// Do sends r and returns the answer, or the error that kept it from
	// being answered.
	Do(ctx context.Context, r *Request) (*Response, error)
	// URL returns the URL of an API path, for the curl commands of a
	// report: "http://127.0.0.1:8003/customers/1/contacts".
	URL(path string) string
}

// maxResponseBody is how much of an answer's body the engine reads: more
// than the API's limit, so that LintResponse sees one over it.
const maxResponseBody = 2 << 20

// httpTarget is a server at a base URL, over net/http.
type httpTarget struct {
	origin string // "http://127.0.0.1:8003"
	prefix string // the base URL's path, without a trailing '/': "" or "/api"
	client *http.Client
}

// ErrBaseURL is wrapped by the error of NewHTTPTarget for a base URL it
// cannot use.
var ErrBaseURL = errors.New("not an http or https base URL")

// NewHTTPTarget returns the Target of the server at base, such as
// "http://127.0.0.1:8003" or "https://api.example.com/v1": every request
// goes to base's origin, its path under base's path. It never follows a
// redirect (a 3xx is judged as an answer), asks for no compression, and
// gives each request timeout (0: 30s).
func NewHTTPTarget(base string, timeout time.Duration) (Target, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q (want http://HOST[:PORT][/PATH], no user, query or fragment)", ErrBaseURL, base)
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.MaxIdleConnsPerHost = 4
	tr.ResponseHeaderTimeout = timeout
	return &httpTarget{
		origin: u.Scheme + "://" + u.Host,
		prefix: strings.TrimSuffix(u.EscapedPath(), "/"),
		client: &http.Client{
			Transport:     tr,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

func (t *httpTarget) URL(path string) string { return t.origin + t.prefix + path }

func (t *httpTarget) Do(ctx context.Context, r *Request) (*Response, error) {
	var body io.Reader
	if r.bodyLen() > 0 {
		body = io.MultiReader(bytes.NewReader(r.Body), &spaces{n: r.Pad})
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, t.origin+"/", body)
	if err != nil {
		return nil, err
	}
	// The path goes on the request line exactly as written: nothing
	// re-encoded, "/customers/%31/contacts" kept.
	req.URL.Opaque = t.prefix + r.Path
	req.ContentLength = int64(r.bodyLen())
	if body == nil {
		req.Body = http.NoBody
	}
	req.Header = r.sendHeader()
	if _, ok := req.Header["User-Agent"]; !ok {
		req.Header["User-Agent"] = []string{"crolint-check"}
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading the body of the %d answer: %w", resp.StatusCode, err)
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// spaces reads as n spaces.
type spaces struct{ n int }

func (s *spaces) Read(p []byte) (int, error) {
	if s.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), s.n)
	for i := range n {
		p[i] = ' '
	}
	s.n -= n
	return n, nil
}

// handlerTarget is an http.Handler, called in process as net/http's
// server would call it.
type handlerTarget struct{ h http.Handler }

// NewHandlerTarget returns the Target of h, called in process with each
// request as net/http's server reads it (canonical header names, trimmed
// values, the path in RequestURI and URL.RawPath), and its answer kept as
// net/http's server sends it: headers as they are at WriteHeader (a
// Content-Type sniffed from the body when none is set), no body to HEAD or
// with a 1xx, 204 or 304. A panic in h is an error, as the closed
// connection net/http makes of it is.
func NewHandlerTarget(h http.Handler) Target { return handlerTarget{h} }

func (t handlerTarget) URL(path string) string { return "$BASE" + path }

// ErrPanic is wrapped by the error of a handler that panicked.
var ErrPanic = errors.New("the handler panicked")

func (t handlerTarget) Do(ctx context.Context, r *Request) (resp *Response, err error) {
	u, err := url.ParseRequestURI(r.Path)
	if err != nil {
		return nil, fmt.Errorf("net/http cannot read the request target: %w", err)
	}
	req := &http.Request{
		Method:        r.Method,
		URL:           u,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        r.wireHeader(),
		Body:          http.NoBody,
		ContentLength: int64(r.bodyLen()),
		Host:          "conformance.invalid",
		RemoteAddr:    "192.0.2.1:49152",
		RequestURI:    r.Path,
	}
	if r.bodyLen() > 0 {
		req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(r.Body), &spaces{n: r.Pad}))
	}
	req = req.WithContext(ctx)
	w := &recorder{head: r.Method == http.MethodHead, header: http.Header{}}
	defer func() {
		if v := recover(); v != nil {
			resp, err = nil, fmt.Errorf("%w: %v", ErrPanic, v)
		}
	}()
	t.h.ServeHTTP(w, req)
	w.finish()
	return &Response{Status: w.status, Header: w.sent, Body: w.body.Bytes()}, nil
}

// recorder is the ResponseWriter of handlerTarget: what net/http's server
// would send.
type recorder struct {
	head   bool
	header http.Header // the handler's
	sent   http.Header // as at WriteHeader
	status int
	body   bytes.Buffer
	sniff  bool // no Content-Type at WriteHeader: set one from the first bytes
}

func (w *recorder) Header() http.Header { return w.header }

func (w *recorder) WriteHeader(code int) {
	if w.status != 0 {
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code)) // as net/http does
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		return // an informational answer; the final one comes later
	}
	w.status = code
	w.sent = w.header.Clone()
	_, has := w.sent["Content-Type"]
	w.sniff = !has && bodyAllowed(code) && !w.head
}

func (w *recorder) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if w.head || !bodyAllowed(w.status) {
		if w.head {
			return len(p), nil
		}
		return 0, http.ErrBodyNotAllowed
	}
	if w.sniff && len(p) > 0 {
		w.sent.Set("Content-Type", http.DetectContentType(p))
		w.sniff = false
	}
	return w.body.Write(p)
}

// Flush implements http.Flusher: the header is sent.
func (w *recorder) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
}

func (w *recorder) finish() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
}

func bodyAllowed(status int) bool {
	return !(status >= 100 && status <= 199 || status == http.StatusNoContent || status == http.StatusNotModified)
}

// isConnError reports whether err kept a request from reaching the
// server at all (nothing listens, the name does not resolve).
func isConnError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}
