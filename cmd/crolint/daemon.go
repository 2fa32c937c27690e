package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// This file is what crolint serve and crolint proxy share: listening,
// the timeouts, the ready line and the graceful shutdown.

// timeouts are the limits of a listening crolint.
type timeouts struct {
	readHeader time.Duration // http.Server.ReadHeaderTimeout
	read       time.Duration // http.Server.ReadTimeout: the whole request, body included
	write      time.Duration // http.Server.WriteTimeout; the proxy, whose responses stream, sets none
	idle       time.Duration // http.Server.IdleTimeout: a keep-alive connection between requests
	shutdown   time.Duration // how long in-flight requests may take to finish after a signal

	// The proxy's: how long the target may take to accept a connection,
	// to send its response headers, and to send the next bytes of a body;
	// and how long a client may take to accept the next bytes.
	dial, targetHeader, stall time.Duration
}

// defaultTimeouts are the timeouts of crolint serve and crolint proxy.
var defaultTimeouts = timeouts{
	readHeader:   10 * time.Second,
	read:         30 * time.Second,
	write:        30 * time.Second,
	idle:         120 * time.Second,
	shutdown:     30 * time.Second,
	dial:         10 * time.Second,
	targetHeader: 60 * time.Second,
	stall:        60 * time.Second,
}

// maxHeaderBytes is the most bytes of a request's line and headers that
// crolint serve and proxy read (http.Server.MaxHeaderBytes; net/http
// reads 4096 more before it gives up). A larger head gets net/http's own
// "431 Request Header Fields Too Large", in plain text without the API's
// headers: it comes before any handler runs. A request of the API has a
// few hundred bytes of headers.
const maxHeaderBytes = 64 << 10

// daemon is one run of crolint serve or crolint proxy.
type daemon struct {
	c        *command
	name     string          // "serve" or "proxy", the prefix of its errors
	ctx      context.Context // done on SIGINT or SIGTERM: shut down
	timeouts timeouts
	log      *log.Logger // standard error, each line prefixed "crolint: "
}

// newDaemon returns the daemon of c, which stops on SIGINT or SIGTERM.
// stop undoes the signal handling: a second signal then ends crolint at
// once, as it would have without crolint's handling.
func (c *command) newDaemon() (d *daemon, stop func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return c.newDaemonContext(ctx, defaultTimeouts), stop
}

// newDaemonContext returns the daemon of c, which stops when ctx is done.
func (c *command) newDaemonContext(ctx context.Context, t timeouts) *daemon {
	return &daemon{c: c, ctx: ctx, timeouts: t, log: log.New(c.stderr, "crolint: ", 0)}
}

// listenAndServe serves h on addr until d.ctx is done, then shuts down
// gracefully: it stops accepting connections, lets the requests in flight
// finish (for at most timeouts.shutdown), and returns exitOK. ready is
// called with the bound address, such as "127.0.0.1:8003" (the real port
// when addr asks for port 0), and returns the line that says crolint is
// ready.
func (d *daemon) listenAndServe(addr string, h http.Handler, ready func(bound string) string) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		d.log.Printf("%s: %v", d.name, err)
		return exitError
	}
	t := d.timeouts
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
		MaxHeaderBytes:    maxHeaderBytes,
		// net/http's own errors (a bad TLS handshake, a panic): none holds
		// a header value, so none holds the bearer token.
		ErrorLog: d.log,
		// "OPTIONS *" is answered by serve's handler (404, with the
		// headers of RULES.md "Serving the API"), not by net/http's empty
		// 200 without them. The proxy keeps net/http's answer: the
		// target's path has no "*" to map to.
		DisableGeneralOptionsHandler: d.name == "serve",
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	d.log.Print(ready(ln.Addr().String()))

	select {
	case err := <-served: // Serve failed before any signal
		d.log.Printf("%s: %v", d.name, err)
		return exitError
	case <-d.ctx.Done():
	}
	d.log.Print("shutting down: waiting for the requests in flight")
	ctx, cancel := context.WithTimeout(context.Background(), t.shutdown)
	defer cancel()
	err = srv.Shutdown(ctx)
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		d.log.Printf("%s: %v", d.name, err)
		return exitError
	}
	if err != nil {
		srv.Close()
		d.log.Printf("shutdown: requests still in flight after %v were cut", t.shutdown)
		return exitError
	}
	return exitOK
}
