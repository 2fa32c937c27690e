package crohttp_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A wireServer is a loopback server that writes bytes, not net/http's
// server: it reads each request (head and body), answers it with the
// bytes its answer function gives for it, whatever they are, and closes
// the connection, so that a client sees every kind of broken HTTP a
// server can send. It records the requests it read.
type wireServer struct {
	ln     net.Listener
	answer func(n int, req *http.Request) []byte // n counts requests from 1

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
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &wireServer{ln: ln, answer: answer}
	s.wg.Add(1)
	go s.serve()
	tb.Cleanup(s.close)
	return s
}

// URL returns "http://127.0.0.1:PORT".
func (s *wireServer) URL() string { return "http://" + s.ln.Addr().String() }

func (s *wireServer) close() {
	s.ln.Close()
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
// CRLF), an empty line and body, with "$LEN" in head standing for the
// body's length.
func wireAnswer(head, body string) []byte {
	head = string(bytes.ReplaceAll([]byte(head), []byte("$LEN"), []byte(strconv.Itoa(len(body)))))
	return []byte(head + "\r\n" + body)
}
