package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	goodToken = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"
	getLine   = "GET /customers/1042/contacts/7 HTTP/1.1\n"
	postLine  = "POST /customers/1042/contacts HTTP/1.1\n"
	goodHead  = "Authorization: " + goodToken + "\nx-tenant-id: 7\n"
	// respHead is the head of a conforming response: besides the ids, every
	// response carries the CORS headers, and content-type when it has a
	// body (RULES.md "Serving the API"). respHead[16:] is the same without
	// its status line.
	respIDs  = "X-API-VERSION: 2019/02/08\nX-REQUEST-ID: b24c2138-65af-4ed3-8e1d-b85a7dc8171c\n"
	corsHead = "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Headers: Authorization, Accept, X-TENANT-ID, Content-Type\n"
	jsonHead = "Content-Type: application/json\n"
	respHead = "HTTP/1.1 200 OK\n" + respIDs + corsHead + jsonHead
	contact  = `{"email":null,"fax":null,"id":1,"name":"George","notify_on_acknowledged_request":false,` +
		`"notify_on_completed_request":true,"notify_on_dispatched_request":true,"notify_on_failed_request":true,` +
		`"notify_on_new_request":true,"number":null}`
)

// want is one expected violation: its location and code.
type want struct {
	loc  string
	code croschema.Code
}

func locCodes(vs croschema.Violations) []want {
	out := make([]want, len(vs))
	for i, v := range vs {
		out[i] = want{v.Location, v.Code}
	}
	return out
}

// httpCases are raw messages (written with LF) and the violations they
// must have, in order. Each is also checked with CRLF line endings.
var httpCases = []struct {
	name     string
	response bool
	msg      string
	want     []want
}{
	{"get ok", false, getLine + goodHead + "\n", nil},
	{"get trailing slash, query, absolute form", false,
		"GET https://api.example.com/customers/1/contacts/2/?x=1 HTTP/1.1\n" + goodHead + "\n", nil},
	{"get HTTP/1.0", false, "GET /customers/1/contacts/2 HTTP/1.0\n" + goodHead + "\n", nil},
	{"empty lines before the request line", false, "\n\n" + getLine + goodHead + "\n", nil},
	{"the final newline of a file", false, getLine + goodHead + "\n\n", nil},
	{"get content-length 0", false, getLine + goodHead + "Content-Length: 0\n\n", nil},
	{"get with a body", false, getLine + goodHead + "Content-Length: 2\n\n{}", []want{{"", "syntax"}}},
	{"get with an unframed body", false, getLine + goodHead + "\n{}", []want{{"", "syntax"}}},
	{"get with a chunked body", false, getLine + goodHead + "Transfer-Encoding: chunked\n\n2\n{}\n0\n\n", []want{{"", "syntax"}}},
	{"get with an empty chunked body", false, getLine + goodHead + "Transfer-Encoding: chunked\n\n0\n\n", nil},
	{"post ok", false, postLine + goodHead + "Content-Type: application/json\nContent-Length: 17\n\n{\"name\":\"George\"}", nil},
	{"post body violations at JSON pointers", false,
		postLine + goodHead + "Content-Type: application/json\nContent-Length: 26\n\n{\"name\":\"\",\"id\":1,\"fax\":1}",
		[]want{{"/id", "unknown_field"}, {"/fax", "type"}, {"/name", "min_length"}}},
	{"post empty body", false, postLine + goodHead + "Content-Type: application/json\nContent-Length: 0\n\n", []want{{"", "syntax"}}},
	{"post without content-type", false, postLine + goodHead + "Content-Length: 12\n\n{\"name\":\"G\"}", nil},
	// A Create without name is valid as a document but cannot be stored.
	{"post without name", false, postLine + goodHead + "Content-Length: 2\n\n{}", []want{{"/name", "required"}}},
	{"post text/plain", false, postLine + goodHead + "Content-Type: text/plain\nContent-Length: 12\n\n{\"name\":\"G\"}", []want{{"content-type", "enum"}}},
	{"post gzip-encoded", false, postLine + goodHead + "Content-Encoding: gzip\nContent-Length: 12\n\n{\"name\":\"G\"}", []want{{"content-encoding", "enum"}}},
	{"post identity-encoded", false, postLine + goodHead + "Content-Encoding: identity\nContent-Length: 12\n\n{\"name\":\"G\"}", nil},
	{"get text/plain is fine", false, getLine + goodHead + "Content-Type: text/plain\n\n", nil},
	{"post truncated body", false, postLine + goodHead + "Content-Length: 20\n\n{}", []want{{"", "syntax"}}},
	{"post content-length too small", false, postLine + goodHead + "Content-Length: 1\n\n{}", []want{{"", "syntax"}, {"", "syntax"}}},
	{"post two equal content-lengths", false, postLine + goodHead + "Content-Length: 12, 12\nContent-Length: 12\n\n{\"name\":\"G\"}", nil},
	{"post two different content-lengths", false, postLine + goodHead + "Content-Length: 2\nContent-Length: 3\n\n{}", []want{{"", "syntax"}}},
	{"post negative content-length", false, postLine + goodHead + "Content-Length: -2\n\n{}", []want{{"", "syntax"}}},
	{"post huge content-length", false, postLine + goodHead + "Content-Length: 99999999999999999999999\n\n{}", []want{{"", "syntax"}}},
	{"post chunked", false, postLine + goodHead + "Transfer-Encoding: chunked\n\n1\n{\nb;x=y\n\"name\":\"G\"}\n0\nTrailer: 1\n\n", nil},
	{"post chunked, bare CR in a trailer", false, postLine + goodHead + "Transfer-Encoding: chunked\n\n2\n{}\n0\nX: 1\rAuthorization: x\n\n", []want{{"", "syntax"}}},
	{"post chunked and content-length", false, postLine + goodHead + "Transfer-Encoding: chunked\nContent-Length: 12\n\nc\n{\"name\":\"G\"}\n0\n\n", []want{{"", "syntax"}}},
	{"post gzip", false, postLine + goodHead + "Transfer-Encoding: gzip, chunked\n\n2\n{}\n0\n\n", []want{{"", "syntax"}}},
	{"post chunked bad size", false, postLine + goodHead + "Transfer-Encoding: chunked\n\nzz\n{}\n0\n\n", []want{{"", "syntax"}}},
	{"post chunked huge size", false, postLine + goodHead + "Transfer-Encoding: chunked\n\nffffffffffffffffffff\n{}\n0\n\n", []want{{"", "syntax"}}},
	{"post chunked no last chunk", false, postLine + goodHead + "Transfer-Encoding: chunked\n\n2\n{}\n", []want{{"", "syntax"}}},
	{"post chunked no final blank line", false, postLine + goodHead + "Transfer-Encoding: chunked\n\n2\n{}\n0\n", []want{{"", "syntax"}}},
	{"post chunked data too long", false, postLine + goodHead + "Transfer-Encoding: chunked\n\n1\n{}\n0\n\n", []want{{"", "syntax"}}},
	{"post chunked then data", false, postLine + goodHead + "Transfer-Encoding: chunked\n\nc\n{\"name\":\"G\"}\n0\n\nGET / HTTP/1.1\n", []want{{"", "syntax"}}},
	{"post unframed body is still checked", false, postLine + goodHead + "\n{\"name\":null}",
		[]want{{"/name", "null"}, {"", "syntax"}}},
	{"patch ok", false, "PATCH /customers/1/contacts/2/ HTTP/1.1\n" + goodHead + "Content-Length: 13\n\n{\"fax\":null}\n", nil},
	{"patch on the collection", false, "PATCH /customers/1/contacts HTTP/1.1\n" + goodHead + "Content-Length: 2\n\n{}", []want{{"method", "method"}}},
	{"lower-case method", false, "get /customers/1/contacts/2 HTTP/1.1\n" + goodHead + "\n", []want{{"method", "method"}}},
	{"bad path parameters", false, "GET /customers/-1/contacts/99999999999999999999 HTTP/1.1\n" + goodHead + "\n",
		[]want{{"customer_id", "integer"}, {"customer_contact_id", "integer"}}},
	{"no endpoint", false, "GET /contacts HTTP/1.1\n" + goodHead + "\n", []want{{"path", "path"}}},
	{"asterisk target", false, "OPTIONS * HTTP/1.1\n" + goodHead + "\n", []want{{"path", "path"}}},
	{"missing headers", false, getLine + "\n", []want{{"authorization", "required"}, {"x-tenant-id", "required"}}},
	{"header names in any case", false, getLine + "AUTHORIZATION: " + goodToken + "\nX-TENANT-ID: 7\nx-api-version: 2023/04/19\nX-Request-Id: B24C2138-65AF-4ED3-8E1D-B85A7DC8171C\n\n", nil},
	{"header values trimmed", false, getLine + "Authorization:   " + goodToken + "\t\nx-tenant-id:7 \n\n", nil},
	{"empty tenant", false, getLine + "Authorization: " + goodToken + "\nx-tenant-id:\n\n", []want{{"x-tenant-id", "integer"}}},
	{"header line without colon", false, getLine + goodHead + "oops\n\n", []want{{"", "syntax"}}},
	{"space before colon", false, getLine + goodHead + "Accept : */*\n\n", []want{{"", "syntax"}}},
	{"folded line", false, getLine + goodHead + "Accept: a\n b\n\n", []want{{"", "syntax"}}},
	{"control character in a value", false, getLine + goodHead + "Accept: a\x00b\n\n", []want{{"", "syntax"}}},
	{"bare CR in a value", false, getLine + goodHead + "Accept: a\rb\n\n", []want{{"", "syntax"}}},
	// A bare CR or a NUL makes its whole line invalid (RFC 9112 section
	// 2.2, RFC 9110 section 5.5): the line is ignored, never read as two.
	{"bare CR hides a header", false, getLine + "x-tenant-id: 7\nX-Request-Id: 1\rAuthorization: " + goodToken + "\n\n",
		[]want{{"", "syntax"}, {"authorization", "required"}}},
	{"NUL hides a header", false, getLine + "x-tenant-id: 7\nX-Request-Id: 1\x00Authorization: " + goodToken + "\n\n",
		[]want{{"", "syntax"}, {"authorization", "required"}}},
	{"bare CR in a checked value", false, getLine + goodHead + "X-Request-Id: b24c2138-65af-4ed3-8e1d-b85a7dc8171c\r\r\n\n",
		[]want{{"", "syntax"}}},
	{"bare CR in a header name", false, getLine + goodHead + "X\rAuthorization: " + goodToken + "\n\n", []want{{"", "syntax"}}},
	{"bare CR line", false, getLine + goodHead + "\r\r\n\n", []want{{"", "syntax"}}},
	{"DEL in a value", false, getLine + goodHead + "x-api-version: 2019/02/08\x7f\n\n", []want{{"", "syntax"}}},
	{"escape in a value", false, getLine + goodHead + "x-request-id: \x1b[2J\n\n", []want{{"", "syntax"}}},
	{"unchecked headers are not kept", false, getLine + goodHead + "X-Other: 1\nX-Other: 2\nAccept: */*\n\n", nil},
	{"HTTP/1.0 chunked", false, "POST /customers/1/contacts HTTP/1.0\n" + goodHead + "Transfer-Encoding: chunked\n\n2\n{}\n0\n\n",
		[]want{{"", "syntax"}}},
	{"HTTP/1.0 chunked and content-length", false, "POST /customers/1/contacts HTTP/1.0\n" + goodHead +
		"Transfer-Encoding: chunked\nContent-Length: 2\n\n{}", []want{{"", "syntax"}}},
	{"HTTP/1.0 content-length", false, "POST /customers/1/contacts HTTP/1.0\n" + goodHead + "Content-Length: 12\n\n{\"name\":\"G\"}", nil},
	{"no blank line after the headers", false, getLine + goodHead, []want{{"", "syntax"}}},
	{"cut inside a header line", false, getLine + goodHead + "Acc", []want{{"", "syntax"}, {"", "syntax"}}},
	{"cut inside the request line", false, "GET /customers/1", []want{{"", "syntax"}}},
	{"empty", false, "", []want{{"", "syntax"}}},
	{"only blank lines", false, "\n\n\n", []want{{"", "syntax"}}},
	{"no version", false, "GET /customers/1/contacts/2\n" + goodHead + "\n", []want{{"", "syntax"}}},
	{"HTTP/2", false, "GET /customers/1/contacts/2 HTTP/2\n" + goodHead + "\n", []want{{"", "syntax"}}},
	{"two spaces", false, "GET  /customers/1/contacts/2 HTTP/1.1\n" + goodHead + "\n", []want{{"", "syntax"}}},
	{"a JSON body instead of a request", false, contact, []want{{"", "syntax"}}},
	{"a response instead of a request", false, respHead + "\n" + contact, []want{{"", "syntax"}}},
	{"too many repeats of a header", false, getLine + goodHead + strings.Repeat("x-request-id: 1\n", 1500) + "\n",
		[]want{{"x-request-id", "duplicate_key"}, {"x-request-id", "uuid"}}},

	{"response ok", true, respHead + "Content-Length: " + strconv.Itoa(len(contact)) + "\n\n" + contact, nil},
	{"response unframed", true, respHead + "\n" + contact + "\n", nil},
	{"response chunked", true, respHead + "Transfer-Encoding: chunked\n\n" + strconv.FormatInt(int64(len(contact)), 16) + "\n" + contact + "\n0\n\n", nil},
	{"response reason with spaces and no reason", true,
		strings.Replace(respHead, "200 OK", "200", 1) + "\n" + contact, nil},
	{"response headers", true, "HTTP/1.1 200 OK\nx-api-version: 2019-02-08\nContent-Type:\n" + corsHead + "\n" + contact,
		[]want{{"x-api-version", "enum"}, {"x-request-id", "required"}, {"content-type", "min_length"}}},
	{"response without the CORS headers", true, "HTTP/1.1 404 Not Found\n" + respIDs + jsonHead + "\n{\"detail\":\"x\"}",
		[]want{{"access-control-allow-origin", "required"}, {"access-control-allow-headers", "required"}}},
	{"response with a body and no content-type", true, "HTTP/1.1 200 OK\n" + respIDs + corsHead + "\n" + contact,
		[]want{{"content-type", "required"}}},
	{"response 401 without WWW-Authenticate", true, "HTTP/1.1 401 Unauthorized\n" + respHead[16:] + "\n{\"detail\":\"x\"}",
		[]want{{"www-authenticate", "required"}}},
	{"response 401", true, "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer\n" + respHead[16:] + "\n{\"detail\":\"x\"}", nil},
	{"response 200 with an error body", true, respHead + "\n{\"detail\":\"x\"}",
		[]want{{"/detail", "unknown_field"}, {"/email", "required"}, {"/fax", "required"}, {"/id", "required"},
			{"/name", "required"}, {"/notify_on_acknowledged_request", "required"}, {"/notify_on_completed_request", "required"},
			{"/notify_on_dispatched_request", "required"}, {"/notify_on_failed_request", "required"},
			{"/notify_on_new_request", "required"}, {"/number", "required"}}},
	{"response 400 error body", true, "HTTP/1.1 400 CustomerContactModel.name: Unknown field.\n" + respHead[16:] +
		"\n{\"field\": \"CustomerContactModel.name\", \"detail\": \"Unknown field.\", \"explanation\": null}", nil},
	{"response 500 bad error body", true, "HTTP/1.1 500 Internal Server Error\n" + respHead[16:] + "\n" + contact,
		[]want{{"/email", "unknown_field"}, {"/fax", "unknown_field"}, {"/id", "unknown_field"}, {"/name", "unknown_field"},
			{"/notify_on_acknowledged_request", "unknown_field"}, {"/notify_on_completed_request", "unknown_field"},
			{"/notify_on_dispatched_request", "unknown_field"}, {"/notify_on_failed_request", "unknown_field"},
			{"/notify_on_new_request", "unknown_field"}, {"/number", "unknown_field"}, {"/detail", "required"}}},
	{"response 404 empty body", true, "HTTP/1.1 404 Not Found\n" + respHead[16:] + "Content-Length: 0\n\n", []want{{"", "syntax"}}},
	// The API answers no 1xx, 3xx or 304 (RULES.md "Serving the API",
	// "Calling the API": a 3xx is a violation): a status violation, while
	// the framing rules still hold.
	{"response 304 no body", true, "HTTP/1.1 304 Not Modified\n" + respHead[16:] + "\n", []want{{"status", "enum"}}},
	{"response 204 with data", true, "HTTP/1.1 204 No Content\n" + respHead[16:] + "\nxx", []want{{"", "syntax"}}},
	// RFC 9112 section 6.3: these end with their header section, whatever
	// Content-Length says.
	{"response 204 no body", true, "HTTP/1.1 204 No Content\n" + respHead[16:] + "\n", nil},
	{"response 204 with content-length", true, "HTTP/1.1 204 No Content\n" + respHead[16:] + "Content-Length: 5\n\n", nil},
	{"response 100 no body", true, "HTTP/1.1 100 Continue\n" + respHead[16:] + "\n", []want{{"status", "enum"}}},
	{"response 101 no body", true, "HTTP/1.1 101 Switching Protocols\n" + respHead[16:] + "\n", []want{{"status", "enum"}}},
	{"response 304 with content-length", true, "HTTP/1.1 304 Not Modified\n" + respHead[16:] + "Content-Length: 300\n\n", []want{{"status", "enum"}}},
	{"response 304 with data", true, "HTTP/1.1 304 Not Modified\n" + respHead[16:] + "\nxx", []want{{"status", "enum"}, {"", "syntax"}}},
	{"response 302 body unchecked", true, "HTTP/1.1 302 Found\n" + respHead[16:] + "\n<html>", []want{{"status", "enum"}}},
	{"response HTTP/1.0 chunked", true, "HTTP/1.0 200 OK\n" + respHead[16:] + "Transfer-Encoding: chunked\n\n" +
		strconv.FormatInt(int64(len(contact)), 16) + "\n" + contact + "\n0\n\n", []want{{"", "syntax"}}},
	{"response truncated body", true, respHead + "Content-Length: 300\n\n" + contact, []want{{"", "syntax"}}},
	{"response bad status", true, "HTTP/1.1 2000 OK\n\n", []want{{"", "syntax"}}},
	{"response status 600", true, "HTTP/1.1 600 OK\n\n", []want{{"", "syntax"}}},
	{"response no version", true, "200 OK\n\n", []want{{"", "syntax"}}},
	{"a request instead of a response", true, getLine + goodHead + "\n", []want{{"", "syntax"}}},
	{"response body not an object", true, respHead + "\n[]", []want{{"", "type"}}},
}

func lintCase(response bool, msg string) croschema.Violations {
	if response {
		return lintResponse([]byte(msg), "")
	}
	return lintRequest([]byte(msg))
}

// crlfHead converts the line endings of msg's head, up to and including
// the blank line, to CRLF; the body (whose length Content-Length counts)
// is left alone.
func crlfHead(msg string) string {
	head, body, found := strings.Cut(msg, "\n\n")
	head = strings.ReplaceAll(head, "\n", "\r\n")
	if !found {
		return head
	}
	return head + "\r\n\r\n" + body
}

func TestHTTPCases(t *testing.T) {
	for _, tc := range httpCases {
		t.Run(tc.name, func(t *testing.T) {
			got := lintCase(tc.response, tc.msg)
			assert.Equal(t, tc.want, nilIfEmpty(locCodes(got)), "violations: %v", got)
			for _, v := range got {
				assert.Contains(t, croschema.Codes(), v.Code)
				assert.NotContains(t, v.Detail, "\n")
			}
			// The same message with CRLF line endings has the same violations.
			crlf := lintCase(tc.response, crlfHead(tc.msg))
			assert.Equal(t, locCodes(got), locCodes(crlf), "CRLF: %v", crlf)
		})
	}
}

func nilIfEmpty(w []want) []want {
	if len(w) == 0 {
		return nil
	}
	return w
}

// TestTruncatedMessages cuts valid messages at every byte: every strict
// prefix is a bad message with a syntax violation, and nothing panics.
func TestTruncatedMessages(t *testing.T) {
	var msgs []struct {
		response bool
		msg      string
	}
	for _, tc := range httpCases {
		if tc.want == nil && !strings.Contains(tc.name, "unframed") && !strings.Contains(tc.name, "304") &&
			!strings.Contains(tc.name, "302") && !strings.Contains(tc.name, "final newline") {
			msgs = append(msgs, struct {
				response bool
				msg      string
			}{tc.response, tc.msg})
		}
	}
	for _, file := range []string{"testdata/http/post-valid.request.http", "testdata/http/get-crlf.request.http",
		"testdata/http/ok-lf.response.http", "testdata/http/post-chunked.request.http"} {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		msgs = append(msgs, struct {
			response bool
			msg      string
		}{strings.Contains(file, "response"), string(data)})
	}
	for _, m := range msgs {
		require.Empty(t, lintCase(m.response, m.msg), "the whole message is valid: %q", m.msg)
		msg := strings.TrimSuffix(m.msg, "\n")
		for i := range len(msg) {
			prefix := msg[:i]
			if strings.HasSuffix(prefix, "\r\n\r\n") && !strings.Contains(prefix[:len(prefix)-4], "\r\n\r\n") &&
				!strings.Contains(msg, "Content-Length") && !strings.Contains(msg, "chunked") {
				continue // a GET cut after its blank line is the whole message
			}
			if strings.HasSuffix(prefix, "\n\n") && !strings.Contains(prefix[:len(prefix)-2], "\n\n") &&
				!strings.Contains(msg, "Content-Length") && !strings.Contains(msg, "chunked") {
				continue
			}
			vs := lintCase(m.response, prefix)
			assert.True(t, hasCode(vs, croschema.CodeSyntax), "prefix %q of %q: %v", prefix, msg, vs)
		}
	}
}

func hasCode(vs croschema.Violations, c croschema.Code) bool {
	return slices.ContainsFunc(vs, func(v croschema.Violation) bool { return v.Code == c })
}

// secret is a distinctive bearer token: no output may contain it, nor any
// long piece of it.
const secret = "tOkEn-S3CR3T-crolint-9f8e7d6c"

// TestTokenNeverPrinted sends requests whose authorization header is wrong
// in every way, in both formats, and looks for the token in every output.
func TestTokenNeverPrinted(t *testing.T) {
	long := strings.Repeat("a", 300)
	auths := []string{
		"Authorization: Bearer " + secret + ".x.y",                                       // valid, other headers wrong
		"Authorization: Bearer " + secret + long,                                         // too long
		"Authorization: Basic " + secret,                                                 // wrong scheme
		"Authorization: " + secret,                                                       // no scheme
		"Authorization: Bearer " + secret + " " + secret,                                 // a space inside
		"Authorization: Bearer\t" + secret,                                               // a tab for the space
		"Authorization: Bearer " + secret + "\x00",                                       // a control character
		"Authorization: Bearer " + secret + "\xff\xfe",                                   // invalid UTF-8
		"Authorization: Bearer " + secret + "\rx",                                        // a bare CR
		"Authorization: Bearer " + secret + "€",                                          // non-ASCII
		"authorization: bearer " + secret + "\nAUTHORIZATION: " + secret,                 // given twice
		"Authorization: Bearer " + secret + ".a\nAuthorization: Bearer " + secret + ".b", // twice, both valid
		"Authorization:\n Bearer " + secret,                                              // folded onto the next line
		"Authorization : Bearer " + secret,                                               // a space before the colon
		"Authorization Bearer " + secret,                                                 // no colon
		"Bearer " + secret,                                                               // no name
		"Authorization: Bearer " + secret + ": x",                                        // a colon inside
		"Authorization: " + secret + "\n" + secret + ": x",                               // the token as a header name
		"X-Request-Id: 1\rAuthorization: Bearer " + secret + ".tok.en",                   // hidden after a bare CR
		"X-Request-Id: 1\x00Authorization: Bearer " + secret + ".tok.en",                 // ... after a NUL
		"X-Api-Version: 1\x1bAuthorization: Bearer " + secret + ".tok.en",                // ... after ESC
		"Content-Type: 1\x7fAuthorization: Bearer " + secret + ".tok.en",                 // ... after DEL
		"X-Tenant-Id: 1\rAuthorization: Bearer " + secret + ".tok.en",                    // ... in a required header
	}
	var msgs []string
	for _, a := range auths {
		msgs = append(msgs,
			getLine+a+"\nx-tenant-id: -1\nx-api-version: 1\nx-request-id: x\n\n",
			postLine+a+"\nContent-Type: text/html\nContent-Length: 3\n\n{x}",
			"PATCH /customers/1/contacts/x HTTP/1.1\n"+a+"\n\n",
			getLine+a,                    // the message ends in the header
			getLine+a[:len(a)-5],         // ... in the middle of the value
			a+"\n\n",                     // no request line
			"GET /customers/1 "+a+"\n\n", // the header in the request line
			postLine+goodHead+"Transfer-Encoding: chunked\n\n2\n{}\n0\n"+a+"\n\n", // a trailer field
			postLine+goodHead+"Transfer-Encoding: chunked\n\n2\n{}\n0\n"+a,        // a cut trailer
		)
	}
	dir := t.TempDir()
	var files []string
	for i, m := range msgs {
		for j, msg := range []string{m, crlfHead(m)} {
			path := filepath.Join(dir, fmt.Sprintf("m%03d%c.http", i, 'a'+j))
			require.NoError(t, os.WriteFile(path, []byte(msg), 0o644))
			files = append(files, path)
		}
	}
	check := func(what string, r result) {
		t.Helper()
		for _, piece := range []string{secret, "S3CR3T", "s3cr3t", "crolint-9f8e", strings.ToLower(secret)} {
			assert.NotContains(t, r.stdout, piece, what)
			assert.NotContains(t, strings.ToLower(r.stdout), strings.ToLower(piece), what)
			assert.NotContains(t, r.stderr, piece, what)
		}
	}
	for _, kind := range []string{"request", "response"} {
		for _, format := range []string{"text", "json"} {
			r := runCLI(t, "", append([]string{"-format", format, kind}, files...)...)
			assert.Equal(t, exitInvalid, r.code)
			if format == "json" {
				assert.Equal(t, len(files), strings.Count(r.stdout, "\n"), "one record per file")
			}
			check(kind+" "+format, r)
		}
	}
	// The token in a JSON body or a JSONL line is not a bearer token, but
	// an authorization header given as a body must not leak through a
	// syntax detail either.
	r := runCLI(t, "Authorization: Bearer "+secret+"\n", "-jsonl", "contact")
	check("jsonl", r)
}

// TestIssueReproBareCR is issue 9's repro: an Authorization header after
// a bare CR inside another header's value is not a header, and its token
// shows nowhere.
func TestIssueReproBareCR(t *testing.T) {
	for _, c := range []string{"\r", "\x00"} {
		msg := "GET /customers/1/contacts/2 HTTP/1.1\r\nX-Tenant-Id: 1\r\nX-Request-Id: 1" + c +
			"Authorization: Bearer SECRET.tok.en\r\n\r\n"
		r := runCLI(t, msg, "request")
		assert.NotContains(t, r.stdout, "SECRET", "%q", c)
		assert.Contains(t, r.stdout, `-: "": syntax: line 3: a `, "%q", c)
		assert.Contains(t, r.stdout, "-: authorization: required:", "%q", c)
	}
}

// TestResponseToHEAD: a response to HEAD has no body, whatever its status
// and Content-Length; bytes after its header section are a syntax error.
func TestResponseToHEAD(t *testing.T) {
	head := respHead + "Content-Length: " + strconv.Itoa(len(contact)) + "\n\n"
	assert.Empty(t, lintResponse([]byte(head), "HEAD"))
	assert.Empty(t, lintResponse([]byte(crlfHead(head)), "HEAD"))
	assert.True(t, hasCode(lintResponse([]byte(head), "GET"), croschema.CodeSyntax), "a GET response needs its body")
	assert.True(t, hasCode(lintResponse([]byte(head), ""), croschema.CodeSyntax), "an unknown method: the body is read")
	assert.Equal(t, []want{{"", "syntax"}}, locCodes(lintResponse([]byte(head+contact), "HEAD")))
	e404 := "HTTP/1.1 404 Not Found\n" + respHead[16:] + "\n"
	assert.Empty(t, lintResponse([]byte(e404), "HEAD"))

	r := runCLI(t, head, "-method", "HEAD", "response")
	assert.Equal(t, "-: ok\n", r.stdout)
	r = runCLI(t, head, "response")
	assert.Equal(t, exitInvalid, r.code, r.stdout)
}

// TestHeaderViolationCap: a header section of millions of bad lines
// reports 1000 of them and one limit violation, and keeps nothing of the
// others; nor do millions of good lines of headers nobody checks cost
// memory.
func TestHeaderViolationCap(t *testing.T) {
	for name, lines := range map[string]string{
		"no colon":       "x\n",
		"bare CR":        "X-Request-Id: 1\rx\n",
		"folded":         " x\n",
		"bad name":       "a b: c\n",
		"NUL":            "\x00\n",
		"unchecked":      "X-Other: 1\n",
		"many names":     "X-A: 1\nX-B: 2\nX-C: 3\nX-D: 4\n",
		"cut at the end": "x\n",
	} {
		t.Run(name, func(t *testing.T) {
			const size = 16 << 20
			msg := getLine + goodHead + strings.Repeat(lines, size/len(lines))
			if name != "cut at the end" {
				msg += "\n"
			}
			data := []byte(msg)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			vs := lintRequest(data)
			runtime.ReadMemStats(&after)
			if name == "unchecked" || name == "many names" {
				assert.Empty(t, vs)
			} else {
				require.Len(t, vs, 1001)
				assert.Equal(t, croschema.Violation{Location: "", Code: "limit",
					Detail: "more than 1000 violations; the rest are not reported"}, vs[1000])
				for _, v := range vs[:1000] {
					assert.Equal(t, croschema.CodeSyntax, v.Code)
				}
			}
			// 1001 violations take about 200 kB; nothing grows with the input.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "bytes allocated for %d MiB", size>>20)
		})
	}
}

// FuzzHTTP checks that any message lints without a panic into known codes,
// at most 1000 violations and a limit one, and that the authorization
// value never shows in a violation: neither as a header of its own, nor
// hidden after a control character in another header's value.
func FuzzHTTP(f *testing.F) {
	for _, tc := range httpCases {
		f.Add(tc.response, tc.msg, "Bearer a.b", byte('\r'))
	}
	files, _ := filepath.Glob("testdata/http/*.http")
	for _, file := range files {
		data, _ := os.ReadFile(file)
		f.Add(strings.Contains(file, "response"), string(data), "Basic x", byte(0))
	}
	f.Add(false, getLine+goodHead+strings.Repeat("x\n", 1100)+"\n", "Bearer a.b", byte('\r'))
	f.Add(false, getLine+goodHead+strings.Repeat("X-Request-Id: 1\r\r\n", 999)+"\n", "Bearer a.b", byte(0x7f))
	f.Add(true, respHead+strings.Repeat("\x00\n", 1000), "Bearer a.b", byte(0x1b))
	f.Fuzz(func(t *testing.T, response bool, msg, auth string, hide byte) {
		const marker = "Zq9xKw"
		vs := lintCase(response, msg)
		for i, v := range vs {
			if v.Code == "limit" {
				if i != 1000 || len(vs) != 1001 {
					t.Fatalf("a limit violation at %d of %d", i, len(vs))
				}
				continue
			}
			if !slices.Contains(croschema.Codes(), v.Code) {
				t.Fatalf("unknown code %q in %v", v.Code, v)
			}
		}
		if len(vs) > 1001 {
			t.Fatalf("%d violations", len(vs))
		}
		// The authorization value, starting with a marker found nowhere
		// else, is inserted as the first header.
		if strings.Contains(msg, marker) {
			return
		}
		line, rest, _ := strings.Cut(msg, "\n")
		withAuth := line + "\nAuthorization: " + marker + auth + "\n" + rest
		for _, v := range lintCase(response, withAuth) {
			if strings.Contains(v.Detail, marker) || strings.Contains(v.Location, marker) || strings.Contains(v.Field, marker) {
				t.Fatalf("the authorization value shows in %v", v)
			}
		}
		// The same, hidden after a control character in the value of
		// every header that is checked.
		if hide < 0x20 && hide != '\n' || hide == 0x7f {
			for _, name := range []string{"X-Request-Id", "x-api-version", "X-TENANT-ID", "Content-Type", "authorization"} {
				hidden := line + "\n" + name + ": 1" + string(hide) + "Authorization: " + marker + auth + "\n" + rest
				for _, v := range lintCase(response, hidden) {
					if strings.Contains(v.Detail, marker) || strings.Contains(v.Location, marker) || strings.Contains(v.Field, marker) {
						t.Fatalf("the authorization value hidden after %q in %s shows in %v", hide, name, v)
					}
				}
			}
		}
		var out, errb bytes.Buffer
		kind := "request"
		if response {
			kind = "response"
		}
		run([]string{"-format", "json", kind}, strings.NewReader(withAuth), &out, &errb)
		if strings.Contains(out.String(), marker) || strings.Contains(errb.String(), marker) {
			t.Fatalf("the authorization value shows in the output %s", out.String())
		}
	})
}
