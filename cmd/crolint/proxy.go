package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/redact"
	"github.com/croschema/croschema/internal/scrub"
)

// maxProxyBody is the largest body crolint proxy lints, of a request or a
// response: the body limit of a conforming server (crohttp's default; a
// larger request gets 413). A contact or an error body is a few hundred
// bytes. A larger body is still forwarded whole; it is reported as one
// syntax violation, not checked.
const maxProxyBody = crohttp.DefaultBodyLimit

// proxyOptions are the flags of crolint proxy.
type proxyOptions struct {
	target *url.URL
	addr   string
	strict bool
}

// proxy is "crolint proxy -target URL [-addr HOST:PORT] [-format
// text|json] [-strict]": a reverse proxy that lints the traffic.
func (c *command) proxy(args []string) int {
	d, stop := c.newDaemon()
	defer stop()
	return d.proxy(args)
}

func (d *daemon) proxy(args []string) int {
	d.name = "proxy"
	// No WriteTimeout: it would cut off a long body, or a target that
	// takes longer than it to answer; deadlineWriter bounds each write.
	d.timeouts.write = 0
	o, status, ok := d.c.proxyFlags(args)
	if !ok {
		return status
	}
	p := newProxy(o, d)
	return d.listenAndServe(o.addr, p, func(bound string) string {
		return "proxying http://" + bound + " to " + o.target.Redacted()
	})
}

// proxyFlags parses the flags of crolint proxy. When ok is false, status
// is the exit status: the usage error was reported or the help printed.
func (c *command) proxyFlags(args []string) (o proxyOptions, status int, ok bool) {
	fset := newFlagSet("proxy")
	target := fset.String("target", "", "")
	fset.StringVar(&o.addr, "addr", "127.0.0.1:8004", "")
	format := fset.String("format", "text", "")
	fset.BoolVar(&o.strict, "strict", false, "")
	pos, status, ok := c.parseFlags(fset, args)
	switch {
	case !ok:
		return o, status, false
	case len(pos) > 0:
		return o, c.usage(fmt.Sprintf("proxy: unexpected argument %q", pos[0])), false
	case !c.setFormat(*format):
		return o, c.usage(fmt.Sprintf("proxy: -format %q: want text or json", *format)), false
	case *target == "":
		return o, c.usage("proxy: -target URL is required, such as -target http://127.0.0.1:8000"), false
	}
	var err error
	o.target, err = url.Parse(*target)
	if err != nil || (o.target.Scheme != "http" && o.target.Scheme != "https") || o.target.Host == "" {
		return o, c.usage(fmt.Sprintf("proxy: -target %q: want an http or https URL with a host, such as http://127.0.0.1:8000", *target)), false
	}
	return o, exitOK, true
}

// proxyHandler forwards every request to the target and lints the
// requests and responses of the three endpoints.
type proxyHandler struct {
	rp      *httputil.ReverseProxy
	strict  http.Handler // with -strict: answers a request with violations; nil without
	records *recorder
	d       *daemon
}

// recorder writes records to standard output, one at a time: a record is
// never interleaved with another, and is flushed as soon as it is written.
type recorder struct {
	mu sync.Mutex
	c  *command
}

// record writes the record of one message of ex. No piece of the token
// that the client sent reaches it, even when the client put it in the
// path or the body, or the target echoed it.
func (r *recorder) record(ex *exchange, source string, vs croschema.Violations) {
	source = redact.String(source, ex.secrets...)
	vs = scrub.Violations(vs, ex.secrets)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.c.report(source, vs) {
		r.c.flush()
	}
}

func newProxy(o proxyOptions, d *daemon) *proxyHandler {
	t := d.timeouts
	p := &proxyHandler{records: &recorder{c: d.c}, d: d}
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(o.target) // also sets Host to the target's
			// Rewrite drops the X-Forwarded headers the client sent; they
			// are forwarded unchanged, like every other header.
			for _, k := range []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto"} {
				if v, ok := pr.In.Header[k]; ok {
					pr.Out.Header[k] = v
				}
			}
		},
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: t.dial, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   t.dial,
			ResponseHeaderTimeout: t.targetHeader,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   64,
			ForceAttemptHTTP2:     true,
			DisableCompression:    true, // the client's Accept-Encoding, and only it, reaches the target
		},
		FlushInterval:  -1, // stream: every write reaches the client at once
		ModifyResponse: p.response,
		ErrorHandler:   p.targetFailed,
		ErrorLog:       d.log,
	}
	if o.strict {
		p.strict = crohttp.Middleware(crohttp.WithBodyLimit(maxProxyBody))(http.HandlerFunc(answerViolations))
	}
	return p
}

// exchange is one request through the proxy and its response.
type exchange struct {
	method, path string
	linted       bool            // the path names an endpoint: the request and response are linted
	client       context.Context // the inbound request's: done when the client goes away
	cancel       context.CancelFunc
	stalled      atomic.Bool // the target sent no body bytes for timeouts.stall
	violations   croschema.Violations
	secrets      []string // the credentials of the request's authorization headers
}

type exchangeKey struct{}

func exchangeFrom(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

func (ex *exchange) source(status int) string {
	if status == 0 {
		return "request " + ex.method + " " + ex.path
	}
	return "response " + strconv.Itoa(status) + " " + ex.method + " " + ex.path
}

func (p *proxyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The target's request is not cancelled with the client's: net/http
	// cancels r's context when it reads the end of the connection, which a
	// client that only closed its sending side (an HTTP/1.0 tool, nc -N)
	// sends while it waits for the answer. The target's timeouts and the
	// stall bound how long a request outlives a client that is gone.
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	ex := &exchange{method: r.Method, client: r.Context(), cancel: cancel, secrets: scrub.Secrets(r.Header)}
	if path, ok := requestPath(r.RequestURI); ok {
		ex.path, _, _ = strings.Cut(path, "?")
		_, _, err := croschema.MatchEndpoint(r.Method, ex.path)
		var vs croschema.Violations
		// OPTIONS is a browser's preflight, not a call: forwarded as is.
		ex.linted = r.Method != http.MethodOptions && !(errors.As(err, &vs) && vs.Has("path", croschema.CodePath))
	}
	r = r.WithContext(context.WithValue(ctx, exchangeKey{}, ex))
	w = &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), d: p.d.timeouts.stall}
	if !ex.linted {
		p.rp.ServeHTTP(w, r)
		return
	}

	var body []byte
	tooBig := false
	if r.Body != nil && r.Body != http.NoBody {
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, maxProxyBody+1))
		if err != nil {
			ex.violations = croschema.Violations{syntax("the body could not be read whole: the client went away or was too slow")}
			p.records.record(ex, ex.source(0), ex.violations)
			crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusBadRequest, Detail: "The request body could not be read."})
			return
		}
		tooBig = len(body) > maxProxyBody
		rest := io.Reader(bytes.NewReader(body))
		if tooBig {
			rest = io.MultiReader(rest, r.Body)
		}
		r.Body = readCloser{rest, r.Body}
	}
	ex.violations = scrub.Violations(lintProxyRequest(r, ex.path, body, tooBig), ex.secrets) // -strict answers them
	p.records.record(ex, ex.source(0), ex.violations)
	if p.strict != nil && len(ex.violations) > 0 {
		p.strict.ServeHTTP(w, r)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// lintProxyRequest checks a request as lintRequest checks a raw one: the
// request line, the headers, and the body by endpoint. body is the body,
// or its first maxProxyBody+1 bytes when tooBig.
func lintProxyRequest(r *http.Request, path string, body []byte, tooBig bool) croschema.Violations {
	ep, _, err := croschema.MatchEndpoint(r.Method, path)
	vs := appendError(nil, err)
	_, err = croschema.LintRequestHeaders(r.Header, r.Method)
	vs = appendError(vs, err)
	switch {
	case !ep.IsValid():
	case tooBig:
		vs = append(vs, syntax("the body is larger than "+strconv.Itoa(maxProxyBody>>20)+
			" MiB, the body limit of a conforming server (413); not checked"))
	case ep.RequestModel() == croschema.ModelNone:
		if len(body) > 0 {
			vs = append(vs, syntax(ep.Method()+" takes no body, but the request has "+plural(len(body), "byte")))
		}
	default:
		vs = appendError(vs, ep.RequestModel().Lint(body))
	}
	return vs
}

// answerViolations answers, with -strict, a request that the lint found
// violations in and that crohttp.Middleware passed (a GET with a body):
// with the status and error body of those violations. The middleware has
// set RULES.md's response headers.
func answerViolations(w http.ResponseWriter, r *http.Request) {
	crohttp.WriteError(w, crohttp.ErrorFromViolations(exchangeFrom(r.Context()).violations))
}

// response lints the target's response as it streams to the client: the
// record is written when the body ends.
func (p *proxyHandler) response(resp *http.Response) error {
	ex := exchangeFrom(resp.Request.Context())
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return nil // an upgraded connection: its body must stay the target's
	}
	b := &targetBody{rc: resp.Body, ex: ex, stall: p.d.timeouts.stall}
	b.timer = time.AfterFunc(b.stall, func() {
		ex.stalled.Store(true)
		ex.cancel()
	})
	b.timer.Stop()
	resp.Body = b
	if !ex.linted {
		return nil
	}
	source := ex.source(resp.StatusCode)
	_, err := croschema.LintResponseHeaders(resp.Header)
	vs := appendError(nil, err)
	if resp.StatusCode/100 == 2 && resp.StatusCode != http.StatusOK {
		// The API answers every success 200, as crohttp's Client and
		// transport check.
		vs = append(vs, croschema.Violation{Location: "status", Code: croschema.CodeEnum,
			Detail: "the API answers a success 200, not " + strconv.Itoa(resp.StatusCode)})
	}
	model := responseModel(ex.method, resp.StatusCode)
	if model == croschema.ModelNone {
		p.records.record(ex, source, vs)
		return nil
	}
	encoding := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	b.lint = true
	b.finish = func(body []byte, cause string) {
		switch {
		case cause != "":
			vs = append(vs, syntax("the body broke off after "+plural(int(b.n), "byte")+": "+cause+"; not checked"))
		case b.n > maxProxyBody:
			vs = append(vs, syntax("the body is larger than "+strconv.Itoa(maxProxyBody>>20)+" MiB; not checked"))
		case encoding == "gzip" || encoding == "x-gzip":
			plain, err := gunzip(body, maxProxyBody)
			if err != nil {
				vs = append(vs, syntax("content-encoding gzip: "+err.Error()+"; not checked"))
			} else {
				vs = appendError(vs, model.Lint(plain))
			}
		case encoding != "" && encoding != "identity":
			vs = append(vs, syntax("content-encoding "+strconv.Quote(encoding)+": crolint proxy decodes gzip only; not checked"))
		default:
			vs = appendError(vs, model.Lint(body))
		}
		p.records.record(ex, source, vs)
	}
	return nil
}

// responseModel is the model of the body of a response with the status
// to a request with the method, as lintResponse reads it: ModelNone when
// the body is not checked.
func responseModel(method string, status int) croschema.Model {
	switch {
	case method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified:
		return croschema.ModelNone
	case status >= 200 && status <= 299:
		return croschema.ModelCustomerContact
	case status >= 400 && status <= 599:
		return croschema.ModelAPIError
	}
	return croschema.ModelNone
}

// gunzip returns the gzip data decoded, or an error when it is not gzip or
// decodes to more than limit bytes.
func gunzip(data []byte, limit int) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("not gzip data")
	}
	plain, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	switch {
	case err != nil:
		return nil, errors.New("bad gzip data")
	case len(plain) > limit:
		return nil, errors.New("larger than " + strconv.Itoa(limit>>20) + " MiB once decoded")
	}
	return plain, nil
}

// targetBody is the body of a target's response on its way to the client.
// It cancels the exchange when the target sends nothing for stall, and
// when lint is set keeps the first maxProxyBody+1 bytes and calls finish
// once, at the end of the body or when it breaks off. ReverseProxy reads
// and closes it from one goroutine.
type targetBody struct {
	rc     io.ReadCloser
	ex     *exchange
	timer  *time.Timer
	stall  time.Duration
	lint   bool
	buf    []byte
	n      int64 // bytes read
	done   bool
	finish func(body []byte, cause string) // cause is "" at the end of the body
}

func (b *targetBody) Read(p []byte) (int, error) {
	b.timer.Reset(b.stall)
	n, err := b.rc.Read(p)
	b.timer.Stop()
	b.n += int64(n)
	if b.lint && !b.done {
		if room := maxProxyBody + 1 - len(b.buf); room > 0 {
			b.buf = append(b.buf, p[:min(n, room)]...)
		}
		switch {
		case err == io.EOF:
			b.end("")
		case err != nil:
			b.end(b.cause(err))
		}
	}
	return n, err
}

// cause says why the body broke off.
func (b *targetBody) cause(err error) string {
	switch {
	case b.ex.stalled.Load():
		return "the target sent nothing for " + b.stall.String()
	case b.ex.client.Err() != nil:
		return "the client went away"
	}
	return "the target's connection failed"
}

func (b *targetBody) Close() error {
	b.timer.Stop()
	if b.lint && !b.done {
		// ReverseProxy stops reading before the end only when writing to
		// the client fails.
		b.end("the client went away")
	}
	return b.rc.Close()
}

func (b *targetBody) end(cause string) {
	b.done = true
	b.finish(b.buf, cause)
	b.buf = nil
}

// targetFailed answers a request whose target did not answer: 502 with
// the API's error body and RULES.md's response headers. A request of an
// endpoint gets a record too.
func (p *proxyHandler) targetFailed(w http.ResponseWriter, r *http.Request, err error) {
	ex := exchangeFrom(r.Context())
	what := "the target could not be reached or sent no HTTP response"
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		what = "the target did not answer in time"
	}
	// Answered and recorded even when the client seems gone: returning
	// without a word made net/http send an empty 200 the target never sent.
	p.d.log.Printf("proxy: %s %s: %s (%v); answered 502", ex.method, redact.String(ex.path, ex.secrets...), what, err)
	if ex.linted {
		p.records.record(ex, ex.source(http.StatusBadGateway),
			croschema.Violations{syntax("no response: " + what + "; crolint proxy answered 502")})
	}
	setResponseHeaders(w.Header(), r, ex.path)
	crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusBadGateway,
		Detail: "crolint proxy: " + what + "."})
}

// setResponseHeaders sets the headers RULES.md gives every response, as
// crohttp.Middleware sets them: x-api-version and x-request-id (the
// request's when valid), the CORS headers, and Allow on a known path.
func setResponseHeaders(h http.Header, r *http.Request, path string) {
	hs, _ := croschema.LintRequestHeaders(r.Header, r.Method)
	version := croschema.DefaultAPIVersion
	if hs.APIVersion.IsValid() {
		version = hs.APIVersion
	}
	id := hs.RequestID
	if id == "" {
		id = newRequestID()
	}
	h.Set("X-Api-Version", version.String())
	h.Set("X-Request-Id", id)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "Authorization, Accept, X-TENANT-ID, Content-Type")
	var allow []string
	for _, e := range croschema.Endpoints() {
		if ep, _, _ := croschema.MatchEndpoint(e.Method(), path); ep == e {
			allow = append(allow, e.Method())
		}
	}
	if len(allow) > 0 {
		h.Set("Allow", strings.Join(allow, ","))
		h.Set("Access-Control-Allow-Methods", strings.Join(allow, ","))
	}
}

// newRequestID returns a random version-4 UUID.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// deadlineWriter gives every write to the client timeouts.stall: a client
// that stops reading a streamed body is cut off rather than held forever.
// (The proxy has no WriteTimeout, which would cut long bodies.)
type deadlineWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
	d  time.Duration
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.d))
	return w.ResponseWriter.Write(p)
}

// Unwrap returns the client's ResponseWriter, for http.ResponseController
// (ReverseProxy flushes and hijacks through it).
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
