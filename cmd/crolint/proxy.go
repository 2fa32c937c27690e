package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/internal/coding"
	"github.com/croschema/croschema/internal/inert"
	"github.com/croschema/croschema/internal/redact"
)

// maxProxyBody is the largest body crolint proxy lints, of a request or a
// response: the body limit of a conforming server (crohttp's default; a
// larger request gets 413). A contact or an error body is a few hundred
// bytes. A larger body is still forwarded whole; it is reported as one
// syntax violation, not checked.
const maxProxyBody = croschema.DefaultBodyLimit

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
		// Not quoted: it may be a token meant for a header.
		return o, c.usage(fmt.Sprintf("proxy: %s: proxy takes flags only (the argument is not shown: it may hold a token)", plural(len(pos), "unexpected argument"))), false
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
// path or the body, or the target echoed it: the lint's violations show
// none, and the source's path is cleaned here.
func (r *recorder) record(ex *exchange, source string, vs croschema.Violations) {
	source = ex.secrets.String(source)
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
	req          croschema.Request // the request as the lint read it, to judge the response by
	client       context.Context   // the inbound request's: done when the client goes away
	cancel       context.CancelFunc
	stalled      atomic.Bool // the target sent no body bytes for timeouts.stall
	violations   croschema.Violations
	secrets      *redact.Set // the credentials of the request's authorization headers
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
	ex := &exchange{method: r.Method, client: r.Context(), cancel: cancel, secrets: redact.FromHeader(r.Header)}
	ex.path, _ = requestPath(r.RequestURI)
	ex.path, _, _ = strings.Cut(ex.path, "?")
	r = r.WithContext(context.WithValue(ctx, exchangeKey{}, ex))
	w = &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), d: p.d.timeouts.stall}

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
	ex.violations = ex.lintRequest(r, body, tooBig) // -strict answers them
	p.records.record(ex, ex.source(0), ex.violations)
	if p.strict != nil && len(ex.violations) > 0 {
		// Answered as the target would have to: its headers are the
		// forwarded ones, without those that Connection names.
		sr := r.WithContext(r.Context())
		sr.Header = forwardedHeader(r.Header)
		p.strict.ServeHTTP(w, sr)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}

// lintRequest checks r as the target receives it, with croschema.LintRequest:
// the request line as sent, the headers less the hop-by-hop ones that
// ReverseProxy removes (those Connection names included: "Connection:
// Authorization" reaches the target without a token), and the body, or
// its first maxProxyBody+1 bytes when tooBig. It keeps what the lint read
// in ex.req, to judge the response by.
func (ex *exchange) lintRequest(r *http.Request, body []byte, tooBig bool) croschema.Violations {
	h := forwardedHeader(r.Header)
	var err error
	if tooBig {
		ex.req, err = croschema.LintRequestHead(r.Method, r.RequestURI, h)
		vs := appendError(nil, err)
		return appendError(vs, ex.req.BodyTooLarge(maxProxyBody))
	}
	ex.req, err = croschema.LintRequest(r.Method, r.RequestURI, h, body)
	return appendError(nil, err)
}

// hopHeaders are the hop-by-hop headers of RFC 9110, section 7.6.1, which
// a proxy does not forward (httputil.ReverseProxy's list).
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// forwardedHeader returns h as ReverseProxy forwards it: without the
// hop-by-hop headers and those the Connection header names.
func forwardedHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, v := range h["Connection"] {
		for name := range strings.SplitSeq(v, ",") {
			if name = textproto.TrimString(name); name != "" {
				out.Del(name)
			}
		}
	}
	for _, k := range hopHeaders {
		out.Del(k)
	}
	return out
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
	source := ex.source(resp.StatusCode)
	lint := func(body []byte) croschema.Violations {
		return appendError(nil, croschema.LintResponse(&ex.req, resp.StatusCode, resp.Header, body))
	}
	if ex.method == http.MethodHead || resp.Body == http.NoBody {
		p.records.record(ex, source, lint(nil))
		return nil
	}
	b.lint = true
	b.finish = func(body []byte, cause string) {
		var vs croschema.Violations
		switch {
		case cause != "":
			vs = append(appendError(nil, withoutBody(croschema.LintResponse(&ex.req, resp.StatusCode, resp.Header, nil))),
				syntax("the body broke off after "+plural(int(b.n), "byte")+": "+cause+"; not checked"))
		case b.n > maxProxyBody:
			vs = append(appendError(nil, withoutBody(croschema.LintResponse(&ex.req, resp.StatusCode, resp.Header, nil))),
				syntax("the body is larger than "+strconv.Itoa(maxProxyBody>>20)+" MiB; not checked"))
		default:
			plain, err := coding.Decode(resp.Header, body, maxProxyBody)
			if err != nil {
				vs = append(appendError(nil, withoutBody(croschema.LintResponse(&ex.req, resp.StatusCode, resp.Header, nil))),
					syntax(err.Error()+"; not checked"))
			} else {
				vs = lint(plain)
			}
		}
		p.records.record(ex, source, vs)
	}
	return nil
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
	// The log line escapes what the client and the target sent (a path
	// of control characters, a server's error) and holds no piece of the
	// token.
	p.d.log.Printf("proxy: %s %s: %s (%s); answered 502", inert.Text(ex.method), inert.Text(ex.secrets.String(ex.path)), what,
		inert.Text(ex.secrets.String(err.Error())))
	p.records.record(ex, ex.source(http.StatusBadGateway),
		croschema.Violations{syntax("no response: " + what + "; crolint proxy answered 502")})
	ex.req.SetResponseHeaders(w.Header())
	crohttp.WriteError(w, &croschema.APIError{StatusCode: http.StatusBadGateway,
		Detail: "crolint proxy: " + what + "."})
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
