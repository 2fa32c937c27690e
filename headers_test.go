package croschema_test

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/croschema/croschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleToken is the token of testdata/get-contact.request.http.
const sampleToken = "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMDQyIiwidGVuYW50IjoiNzcifQ.3q2-7wBv0lZx1Q9mYkV4cT8nR2sUoE6pWfHjKdLmNa0"

// sampleHeaders returns the documented sample request's headers.
func sampleHeaders() http.Header {
	return http.Header{
		"Authorization": {sampleToken},
		"Content-Type":  {"application/json"},
		"X-Tenant-Id":   {"77"},
	}
}

// with returns a copy of h with key set to values; no values deletes it.
func with(h http.Header, key string, values ...string) http.Header {
	h = h.Clone()
	delete(h, http.CanonicalHeaderKey(key))
	if len(values) > 0 {
		h[key] = values
	}
	return h
}

var (
	longToken    = "Bearer a.b" + strings.Repeat("c", 247) // 257 characters
	maxToken     = "Bearer a.b" + strings.Repeat("c", 246) // 256 characters
	requestID    = "b24c2138-65af-4ed3-8e1d-b85a7dc8171c"
	requestIDUp  = "B24C2138-65AF-4ED3-8E1D-B85A7DC8171C"
	longMedia257 = "application/json; x=" + strings.Repeat("y", 237)
)

// requestHeaderTests are header sets and what LintRequestHeaders makes of
// them. want lists the violations as "location: code", in table order.
var requestHeaderTests = []struct {
	name   string
	method string
	h      http.Header
	want   []string
	out    *croschema.RequestHeaders // the parsed headers, when checked
}{
	{name: "sample", method: "GET", h: sampleHeaders(),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json", TenantID: 77}},
	{name: "every header", method: "PATCH", h: with(with(sampleHeaders(), "X-Api-Version", "2021/11/04"), "X-Request-Id", requestID),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json",
			APIVersion: croschema.V2021_11_04, RequestID: requestID, TenantID: 77}},
	{name: "lower-case keys", method: "GET", h: http.Header{"authorization": {"bearer a.b"}, "x-tenant-id": {"1"}, "x-api-version": {"2019/02/08"}},
		out: &croschema.RequestHeaders{Authorization: mustToken("bearer a.b"), APIVersion: croschema.V2019_02_08, TenantID: 1}},
	{name: "upper-case keys", method: "GET", h: http.Header{"AUTHORIZATION": {"BEARER A.B"}, "X-TENANT-ID": {"1"}},
		out: &croschema.RequestHeaders{Authorization: mustToken("BEARER A.B"), TenantID: 1}},
	{name: "surrounding spaces and tabs are trimmed", method: "GET",
		h:   http.Header{"Authorization": {" \tBearer a.b\t "}, "X-Tenant-Id": {"  42 "}, "X-Request-Id": {"\t" + requestID}},
		out: &croschema.RequestHeaders{Authorization: mustToken("Bearer a.b"), RequestID: requestID, TenantID: 42}},
	{name: "unnamed headers are not checked", method: "GET",
		h:   with(with(with(with(sampleHeaders(), "Host", ""), "Accept", "*/*"), "Access-Control-Allow-Origin", "*"), "Content-Length", "x"),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json", TenantID: 77}},

	// authorization: required, 1 to 256 characters, then the pattern.
	{name: "authorization missing", method: "GET", h: with(sampleHeaders(), "Authorization"), want: []string{"authorization: required"}},
	{name: "authorization no values", method: "GET", h: http.Header{"Authorization": {}, "X-Tenant-Id": {"1"}},
		want: []string{"authorization: required"}},
	{name: "authorization empty", method: "GET", h: with(sampleHeaders(), "Authorization", ""), want: []string{"authorization: min_length"}},
	{name: "authorization blank", method: "GET", h: with(sampleHeaders(), "Authorization", " \t "), want: []string{"authorization: min_length"}},
	{name: "authorization 256 characters", method: "GET", h: with(sampleHeaders(), "Authorization", maxToken),
		out: &croschema.RequestHeaders{Authorization: mustToken(maxToken), ContentType: "application/json", TenantID: 77}},
	// The length is checked before the pattern: one violation, not two.
	{name: "authorization 257 characters", method: "GET", h: with(sampleHeaders(), "Authorization", longToken), want: []string{"authorization: max_length"}},
	{name: "authorization too long and no pattern", method: "GET", h: with(sampleHeaders(), "Authorization", strings.Repeat("!", 300)),
		want: []string{"authorization: max_length"}},
	// Characters, not bytes: 254 two-byte characters are within the bound,
	// and the pattern rejects them.
	{name: "authorization multi-byte", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer a.b"+strings.Repeat("é", 246)),
		want: []string{"authorization: pattern"}},
	{name: "authorization basic", method: "GET", h: with(sampleHeaders(), "Authorization", "Basic dXNlcjpwYXNz"), want: []string{"authorization: pattern"}},
	{name: "authorization no scheme", method: "GET", h: with(sampleHeaders(), "Authorization", "eyJhbGciOi.eyJzdWIi.c2ln"), want: []string{"authorization: pattern"}},
	{name: "authorization one part", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer ab"), want: []string{"authorization: pattern"}},
	{name: "authorization two spaces", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer  a.b"), want: []string{"authorization: pattern"}},
	{name: "authorization space inside", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer a.b c d"), want: []string{"authorization: pattern"}},
	{name: "authorization placeholder", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer {your-auth-token}"), want: []string{"authorization: pattern"}},
	// The dots are unescaped: any character separates the parts.
	{name: "authorization dot matches any character", method: "GET", h: with(sampleHeaders(), "Authorization", "bearer a%b"),
		out: &croschema.RequestHeaders{Authorization: mustToken("bearer a%b"), ContentType: "application/json", TenantID: 77}},
	{name: "authorization three letters", method: "GET", h: with(sampleHeaders(), "Authorization", "bearer abc"),
		out: &croschema.RequestHeaders{Authorization: mustToken("bearer abc"), ContentType: "application/json", TenantID: 77}},
	// $ is the end of the text, as in Go's regexp (Python's would also match
	// before a final newline); HTTP itself never delivers one.
	{name: "authorization final newline", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer a.b\n"), want: []string{"authorization: pattern"}},
	{name: "authorization long s", method: "GET", h: with(sampleHeaders(), "Authorization", "Bearer \u017f.b"), want: []string{"authorization: pattern"}},

	// content-type: 1 to 256 characters; application/json with a body.
	{name: "content-type absent on GET", method: "GET", h: with(sampleHeaders(), "Content-Type"),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), TenantID: 77}},
	{name: "content-type absent on PATCH", method: "PATCH", h: with(sampleHeaders(), "Content-Type")},
	{name: "content-type empty", method: "GET", h: with(sampleHeaders(), "Content-Type", ""), want: []string{"content-type: min_length"}},
	{name: "content-type 257 characters", method: "GET", h: with(sampleHeaders(), "Content-Type", longMedia257), want: []string{"content-type: max_length"}},
	{name: "content-type 257 characters on POST", method: "POST", h: with(sampleHeaders(), "Content-Type", longMedia257), want: []string{"content-type: max_length"}},
	{name: "content-type text on GET", method: "GET", h: with(sampleHeaders(), "Content-Type", "text/plain")},
	{name: "content-type text on PATCH", method: "PATCH", h: with(sampleHeaders(), "Content-Type", "text/plain"), want: []string{"content-type: enum"}},
	{name: "content-type text on POST", method: "POST", h: with(sampleHeaders(), "Content-Type", "text/plain"), want: []string{"content-type: enum"}},
	{name: "content-type json suffix", method: "POST", h: with(sampleHeaders(), "Content-Type", "application/merge-patch+json"), want: []string{"content-type: enum"}},
	{name: "content-type prefix only", method: "POST", h: with(sampleHeaders(), "Content-Type", "application/jsonx"), want: []string{"content-type: enum"}},
	{name: "content-type long s", method: "POST", h: with(sampleHeaders(), "Content-Type", "application/j\u017fon"), want: []string{"content-type: enum"}},
	{name: "content-type charset", method: "PATCH", h: with(sampleHeaders(), "Content-Type", "application/json; charset=utf-8")},
	{name: "content-type letter case", method: "POST", h: with(sampleHeaders(), "Content-Type", "Application/JSON ;charset=UTF-8")},
	{name: "content-type DELETE has no body", method: "DELETE", h: with(sampleHeaders(), "Content-Type", "text/plain")},

	// x-api-version: one of the versions, exactly.
	{name: "x-api-version", method: "GET", h: with(sampleHeaders(), "X-Api-Version", "2023/04/19")},
	{name: "x-api-version dashes", method: "GET", h: with(sampleHeaders(), "X-Api-Version", "2019-02-08"), want: []string{"x-api-version: enum"}},
	{name: "x-api-version unpadded", method: "GET", h: with(sampleHeaders(), "X-Api-Version", "2019/2/8"), want: []string{"x-api-version: enum"}},
	{name: "x-api-version unknown", method: "GET", h: with(sampleHeaders(), "X-Api-Version", "2024/01/01"), want: []string{"x-api-version: enum"}},
	{name: "x-api-version empty", method: "GET", h: with(sampleHeaders(), "X-Api-Version", ""), want: []string{"x-api-version: enum"}},
	{name: "x-api-version 65 characters", method: "GET", h: with(sampleHeaders(), "X-Api-Version", strings.Repeat("2", 65)), want: []string{"x-api-version: enum"}},

	// x-request-id: a UUID in the 8-4-4-4-12 form.
	{name: "x-request-id upper case", method: "GET", h: with(sampleHeaders(), "X-Request-Id", requestIDUp)},
	{name: "x-request-id nil UUID", method: "GET", h: with(sampleHeaders(), "X-Request-Id", "00000000-0000-0000-0000-000000000000")},
	{name: "x-request-id braces", method: "GET", h: with(sampleHeaders(), "X-Request-Id", "{"+requestID+"}"), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id urn", method: "GET", h: with(sampleHeaders(), "X-Request-Id", "urn:uuid:"+requestID), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id no hyphens", method: "GET", h: with(sampleHeaders(), "X-Request-Id", strings.ReplaceAll(requestID, "-", "")), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id hyphen moved", method: "GET", h: with(sampleHeaders(), "X-Request-Id", "b24c213-865af-4ed3-8e1d-b85a7dc8171c"), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id not hex", method: "GET", h: with(sampleHeaders(), "X-Request-Id", "g24c2138-65af-4ed3-8e1d-b85a7dc8171c"), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id short", method: "GET", h: with(sampleHeaders(), "X-Request-Id", requestID[1:]), want: []string{"x-request-id: uuid"}},
	{name: "x-request-id empty", method: "GET", h: with(sampleHeaders(), "X-Request-Id", ""), want: []string{"x-request-id: uuid"}},

	// x-tenant-id: required integer.
	{name: "x-tenant-id missing", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id"), want: []string{"x-tenant-id: required"}},
	{name: "x-tenant-id zero", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "0")},
	{name: "x-tenant-id leading zeros", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "0077"),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json", TenantID: 77}},
	{name: "x-tenant-id max int64", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "9223372036854775807"),
		out: &croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json", TenantID: math.MaxInt64}},
	{name: "x-tenant-id overflow", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "9223372036854775808"), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id negative", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "-1"), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id plus", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "+1"), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id fraction", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "1.0"), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id inner space", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "1 2"), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id empty", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", ""), want: []string{"x-tenant-id: integer"}},
	{name: "x-tenant-id placeholder", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "{your-tenant-id}"), want: []string{"x-tenant-id: integer"}},
	// wsgiref maps '_' to '_' and '-' to '_' alike; this package matches
	// names as HTTP does, so x_tenant_id is another header.
	{name: "x_tenant_id is another header", method: "GET", h: with(with(sampleHeaders(), "X-Tenant-Id"), "X_tenant_id", "77"),
		want: []string{"x-tenant-id: required"}},

	// A header given more than once.
	{name: "x-tenant-id twice", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "1", "2"), want: []string{"x-tenant-id: duplicate_key"}},
	{name: "x-tenant-id twice the same", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "1", "1"), want: []string{"x-tenant-id: duplicate_key"}},
	{name: "x-tenant-id twice, one bad", method: "GET", h: with(sampleHeaders(), "X-Tenant-Id", "1", "x"),
		want: []string{"x-tenant-id: duplicate_key", "x-tenant-id: integer"}},
	{name: "authorization under two keys", method: "GET",
		h:    http.Header{"Authorization": {sampleToken}, "authorization": {"Bearer a.b"}, "X-Tenant-Id": {"1"}},
		want: []string{"authorization: duplicate_key"}},

	{name: "nothing", method: "GET", h: http.Header{}, want: []string{"authorization: required", "x-tenant-id: required"}},
	{name: "nil", method: "GET", h: nil, want: []string{"authorization: required", "x-tenant-id: required"}},
	{name: "every violation at once", method: "PATCH", h: http.Header{
		"Authorization": {"Token x"}, "Content-Type": {"text/plain"}, "X-Api-Version": {"2019-02-08"},
		"X-Request-Id": {"42"}, "X-Tenant-Id": {"-7"}},
		want: []string{"authorization: pattern", "content-type: enum", "x-api-version: enum", "x-request-id: uuid", "x-tenant-id: integer"}},
}

func TestLintRequestHeaders(t *testing.T) {
	for _, tt := range requestHeaderTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := croschema.LintRequestHeaders(tt.h, tt.method)
			assert.Equal(t, tt.want, locationCodes(t, err), "LintRequestHeaders(%v, %q)", tt.h, tt.method)
			if tt.out != nil {
				assert.Equal(t, *tt.out, got)
			}
			var vs croschema.Violations
			if errors.As(err, &vs) {
				for _, v := range vs {
					assert.Equal(t, "StandardRequestHeadersModel."+v.Location, v.Field)
				}
				return
			}
			// Valid headers validate, and write back to what was read.
			assert.NoError(t, got.Validate(tt.method))
			written := http.Header{}
			got.SetHeaders(written)
			again, err := croschema.LintRequestHeaders(written, tt.method)
			require.NoError(t, err)
			assert.Equal(t, got, again)
		})
	}
}

func TestRequestHeadersDetails(t *testing.T) {
	_, err := croschema.LintRequestHeaders(http.Header{
		"Authorization": {"Token x"}, "Content-Type": {"text/plain"}, "X-Api-Version": {"2019-02-08"},
		"X-Request-Id": {"42"}, "X-Tenant-Id": {"1", "-7"},
	}, "POST")
	require.Error(t, err)
	want := []string{
		`authorization: pattern: does not match ^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$ (any letter case); the 7-character value is not shown`,
		`content-type: enum: "text/plain" is not application/json, which a request with a body must send`,
		`x-api-version: enum: "2019-02-08" is not one of 2019/02/08, 2021/04/07, 2021/05/07, 2021/08/02, 2021/11/04, 2023/04/19`,
		`x-request-id: uuid: "42" is not a UUID in the 8-4-4-4-12 hexadecimal form`,
		`x-tenant-id: duplicate_key: given 2 times; send it once (the server joins repeated values with ",")`,
		`x-tenant-id: integer: value 2: "-7" is not an integer: ASCII digits only, no sign, no spaces`,
	}
	assert.Equal(t, want, violationLines(err))

	_, err = croschema.LintRequestHeaders(http.Header{"Authorization": {longToken}}, "GET")
	assert.Equal(t, []string{
		"authorization: max_length: 257 characters, at most 256 allowed",
		"x-tenant-id: required: missing; the header is required",
	}, violationLines(err))
}

// violationLines returns the violations of err in Violation.String form.
func violationLines(err error) []string {
	var vs croschema.Violations
	if !errors.As(err, &vs) {
		return nil
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.String()
	}
	return lines
}

func TestRequestHeadersValidate(t *testing.T) {
	valid := croschema.RequestHeaders{Authorization: croschema.NewBearerToken("a.b"), ContentType: "application/json",
		APIVersion: croschema.LatestAPIVersion, RequestID: requestID, TenantID: 1}
	require.NoError(t, valid.Validate("PATCH"))
	require.NoError(t, (&croschema.RequestHeaders{Authorization: croschema.NewBearerToken("a.b")}).Validate("GET"), "optional headers may be zero")

	tests := []struct {
		name   string
		edit   func(h *croschema.RequestHeaders)
		method string
		want   []string
	}{
		{"zero token", func(h *croschema.RequestHeaders) { h.Authorization = croschema.BearerToken{} }, "GET", []string{"authorization: required"}},
		{"bad token", func(h *croschema.RequestHeaders) { h.Authorization = croschema.NewBearerToken("ab") }, "GET", []string{"authorization: pattern"}},
		{"long token", func(h *croschema.RequestHeaders) { h.Authorization = croschema.BearerTokenOf(longToken) }, "GET", []string{"authorization: max_length"}},
		{"text on PATCH", func(h *croschema.RequestHeaders) { h.ContentType = "text/plain" }, "PATCH", []string{"content-type: enum"}},
		{"text on GET", func(h *croschema.RequestHeaders) { h.ContentType = "text/plain" }, "GET", nil},
		{"long content-type", func(h *croschema.RequestHeaders) { h.ContentType = longMedia257 }, "GET", []string{"content-type: max_length"}},
		{"invalid version", func(h *croschema.RequestHeaders) { h.APIVersion = 9 }, "GET", []string{"x-api-version: enum"}},
		{"bad request id", func(h *croschema.RequestHeaders) { h.RequestID = "x" }, "GET", []string{"x-request-id: uuid"}},
		{"negative tenant", func(h *croschema.RequestHeaders) { h.TenantID = -1 }, "GET", []string{"x-tenant-id: integer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := valid
			tt.edit(&h)
			assert.Equal(t, tt.want, locationCodes(t, h.Validate(tt.method)))
		})
	}
}

func TestRequestHeadersSet(t *testing.T) {
	h := croschema.RequestHeaders{Authorization: croschema.NewBearerToken("a.b"), TenantID: 9}
	req, err := http.NewRequest("GET", "http://127.0.0.1:8003/customers/1/contacts/2", nil)
	require.NoError(t, err)
	h.SetHeaders(req.Header)
	assert.Equal(t, http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {"9"}}, req.Header, "absent headers are not written")

	full := croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json",
		APIVersion: croschema.V2021_05_07, RequestID: requestID, TenantID: 77}
	dst := http.Header{"X-Tenant-Id": {"1", "2"}, "Accept": {"*/*"}}
	full.SetHeaders(dst)
	assert.Equal(t, http.Header{
		"Authorization": {sampleToken}, "Content-Type": {"application/json"}, "X-Api-Version": {"2021/05/07"},
		"X-Request-Id": {requestID}, "X-Tenant-Id": {"77"}, "Accept": {"*/*"},
	}, dst, "SetHeaders replaces values and keeps other headers")
}

// sampleResponseHeaders returns the documented sample response's headers.
func sampleResponseHeaders() http.Header {
	return http.Header{
		"Access-Control-Allow-Headers": {"Authorization, Accept, X-TENANT-ID, Content-Type"},
		"Access-Control-Allow-Methods": {"GET,PATCH"},
		"Access-Control-Allow-Origin":  {"*"},
		"Allow":                        {"GET,PATCH"},
		"Content-Length":               {"279"},
		"Content-Type":                 {"application/json"},
		"Date":                         {"Sat, 20 Aug 2022 01:37:47 GMT"},
		"Server":                       {"WSGIServer/0.2 CPython/3.9.5"},
		"X-Api-Version":                {"2019/02/08"},
		"X-Request-Id":                 {requestID},
	}
}

var responseHeaderTests = []struct {
	name string
	h    http.Header
	want []string
	out  *croschema.ResponseHeaders
}{
	{name: "sample", h: sampleResponseHeaders(),
		out: &croschema.ResponseHeaders{APIVersion: croschema.V2019_02_08, RequestID: requestID, ContentType: "application/json"}},
	{name: "as sent: upper-case names", h: http.Header{"X-API-VERSION": {"2023/04/19"}, "X-REQUEST-ID": {requestIDUp}},
		out: &croschema.ResponseHeaders{APIVersion: croschema.V2023_04_19, RequestID: requestIDUp}},
	{name: "x-api-version missing", h: with(sampleResponseHeaders(), "X-Api-Version"), want: []string{"x-api-version: required"}},
	{name: "x-api-version unknown", h: with(sampleResponseHeaders(), "X-Api-Version", "2019/02/09"), want: []string{"x-api-version: enum"}},
	{name: "x-request-id missing", h: with(sampleResponseHeaders(), "X-Request-Id"), want: []string{"x-request-id: required"}},
	{name: "x-request-id bad", h: with(sampleResponseHeaders(), "X-Request-Id", "not-a-uuid"), want: []string{"x-request-id: uuid"}},
	{name: "content-type absent", h: with(sampleResponseHeaders(), "Content-Type")},
	// A response's media type is not checked: RULES.md gives only the length.
	{name: "content-type html", h: with(sampleResponseHeaders(), "Content-Type", "text/html")},
	{name: "content-type empty", h: with(sampleResponseHeaders(), "Content-Type", ""), want: []string{"content-type: min_length"}},
	{name: "content-type 257 characters", h: with(sampleResponseHeaders(), "Content-Type", longMedia257), want: []string{"content-type: max_length"}},
	{name: "x-request-id twice", h: with(sampleResponseHeaders(), "X-Request-Id", requestID, requestIDUp), want: []string{"x-request-id: duplicate_key"}},
	{name: "nothing", h: http.Header{}, want: []string{"x-api-version: required", "x-request-id: required"}},
}

func TestLintResponseHeaders(t *testing.T) {
	for _, tt := range responseHeaderTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := croschema.LintResponseHeaders(tt.h)
			assert.Equal(t, tt.want, locationCodes(t, err))
			if tt.out != nil {
				assert.Equal(t, *tt.out, got)
			}
			var vs croschema.Violations
			if errors.As(err, &vs) {
				for _, v := range vs {
					assert.Equal(t, "StandardResponseHeadersModel."+v.Location, v.Field)
				}
				return
			}
			assert.NoError(t, got.Validate())
			written := http.Header{}
			got.SetHeaders(written)
			again, err := croschema.LintResponseHeaders(written)
			require.NoError(t, err)
			assert.Equal(t, got, again)
		})
	}
	assert.Equal(t, []string{"x-api-version: required", "x-request-id: required"}, locationCodes(t, (&croschema.ResponseHeaders{}).Validate()))
	assert.Equal(t, []string{"x-api-version: enum", "x-request-id: uuid", "content-type: max_length"},
		locationCodes(t, (&croschema.ResponseHeaders{APIVersion: 7, RequestID: "x", ContentType: longMedia257}).Validate()))
}

// TestHeaderTable pins the table to RULES.md's header sections, row by
// row, and the derived columns to the rows.
func TestHeaderTable(t *testing.T) {
	type row struct {
		name     string
		required bool
		check    croschema.HeaderCheck
		min, max int
	}
	rows := func(model string, rs []croschema.HeaderRule) []row {
		var out []row
		for _, r := range rs {
			out = append(out, row{r.Name, r.Required, r.Check, r.MinLength, r.MaxLength})
			assert.Equal(t, strings.ToLower(r.Name), r.Name)
			assert.Equal(t, model+"."+r.Name, r.Field)
			assert.NotEmpty(t, r.Doc, r.Name)
		}
		return out
	}
	assert.Equal(t, []row{
		{"authorization", true, croschema.HeaderCheckBearer, 1, 256},
		{"content-type", false, croschema.HeaderCheckMediaType, 1, 256},
		{"x-api-version", false, croschema.HeaderCheckAPIVersion, 0, 0},
		{"x-request-id", false, croschema.HeaderCheckUUID, 0, 0},
		{"x-tenant-id", true, croschema.HeaderCheckInteger, 0, 0},
	}, rows("StandardRequestHeadersModel", croschema.RequestHeaderRules()))
	assert.Equal(t, []row{
		{"x-api-version", true, croschema.HeaderCheckAPIVersion, 0, 0},
		{"x-request-id", true, croschema.HeaderCheckUUID, 0, 0},
		{"content-type", false, croschema.HeaderCheckNone, 1, 256}, // a response's media type is not checked
	}, rows("StandardResponseHeadersModel", croschema.ResponseHeaderRules()))
	rs := croschema.RequestHeaderRules()
	rs[0].Name = "changed"
	assert.Equal(t, "authorization", croschema.RequestHeaderRules()[0].Name, "the slice is a copy")
}

func TestHeaderCheck(t *testing.T) {
	for c, want := range map[croschema.HeaderCheck]struct {
		name string
		code croschema.Code
	}{
		croschema.HeaderCheckNone:        {"none", ""},
		croschema.HeaderCheckBearer:      {"bearer", croschema.CodePattern},
		croschema.HeaderCheckMediaType:   {"media-type", croschema.CodeEnum},
		croschema.HeaderCheckAPIVersion:  {"api-version", croschema.CodeEnum},
		croschema.HeaderCheckUUID:        {"uuid", croschema.CodeUUID},
		croschema.HeaderCheckInteger:     {"integer", croschema.CodeInteger},
		croschema.HeaderCheckInteger + 1: {"invalid HeaderCheck", ""},
	} {
		assert.Equal(t, want.name, c.String())
		assert.Equal(t, want.code, c.Code(), "%v.Code()", c)
	}
}

func TestParseHeadersAllocs(t *testing.T) {
	req := sampleHeaders()
	resp := sampleResponseHeaders()
	parsed, err := croschema.LintRequestHeaders(req, "GET")
	require.NoError(t, err)
	// A valid request allocates nothing: its token, sealed once (see
	// BearerToken), is sealed again from the cache; checking it again
	// unseals it on the stack.
	tests := []struct {
		name   string
		allocs float64
		fn     func()
	}{
		{"LintRequestHeaders", 0, func() { _, _ = croschema.LintRequestHeaders(req, "GET") }},
		{"LintRequestHeaders PATCH", 0, func() { _, _ = croschema.LintRequestHeaders(req, "PATCH") }},
		{"RequestHeaders.Validate", 0, func() { _ = parsed.Validate("GET") }},
		{"BearerToken.IsZero", 0, func() { _ = parsed.Authorization.IsZero() }},
		{"LintResponseHeaders", 0, func() { _, _ = croschema.LintResponseHeaders(resp) }},
		{"ResponseHeaders.Validate", 0, func() {
			h, _ := croschema.LintResponseHeaders(resp)
			_ = h.Validate()
		}},
		{"MatchEndpoint", 0, func() { _, _, _ = croschema.MatchEndpoint("GET", "/customers/1042/contacts/1/") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.allocs, testing.AllocsPerRun(200, tt.fn))
		})
	}
}

func BenchmarkLintRequestHeaders(b *testing.B) {
	for _, bb := range []struct {
		name string
		h    http.Header
	}{
		{"sample", sampleHeaders()},
		{"lower-case keys", http.Header{"authorization": {sampleToken}, "x-tenant-id": {"77"}}},
		{"every violation", requestHeaderTests[len(requestHeaderTests)-1].h},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = croschema.LintRequestHeaders(bb.h, "PATCH")
			}
		})
	}
}

// The secret: a distinctive token, and the parts of it that must never
// appear in any rendering.
const secretToken = "Bearer sEcReTzZ9-hunter2.PAYLOADqq7xyz.SiGnAtUrE_42"

var secretParts = []string{"sEcReTzZ9", "hunter2", "PAYLOADqq7xyz", "SiGnAtUrE_42"}

// assertNoSecret fails when out contains the token or a part of it, plain
// or hex-encoded.
func assertNoSecret(t *testing.T, out, what string) {
	t.Helper()
	for _, p := range append([]string{secretToken}, secretParts...) {
		assert.NotContains(t, out, p, what)
		assert.NotContains(t, strings.ToLower(out), strings.ToLower(p), what)
		assert.NotContains(t, out, hex.EncodeToString([]byte(p)), what)
	}
}

func TestBearerTokenSecret(t *testing.T) {
	tok := mustToken(secretToken)
	require.Equal(t, secretToken, tok.Reveal(), "Reveal is the one way in")
	require.True(t, tok.IsValid())
	const marker = "[redacted bearer token, 51 chars]"
	require.Len(t, secretToken, 51)
	assert.Equal(t, marker, tok.String())
	assert.Equal(t, marker, tok.GoString())

	h := croschema.RequestHeaders{Authorization: tok, ContentType: "application/json", TenantID: 77}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%-40v", "% x", "%T"} {
		for _, arg := range []struct {
			name string
			v    any
		}{
			{"token", tok}, {"*token", &tok}, {"headers", h}, {"*headers", &h},
			{"[]token", []croschema.BearerToken{tok}}, {"map", map[string]croschema.BearerToken{"a": tok}},
			{"anonymous struct", struct{ T croschema.BearerToken }{tok}},
		} {
			out := fmt.Sprintf(verb, arg.v)
			assertNoSecret(t, out, verb+" of "+arg.name)
		}
	}
	assert.Equal(t, marker, fmt.Sprintf("%v", tok))
	assert.Equal(t, strconv.Quote(marker), fmt.Sprintf("%q", tok))
	assert.Contains(t, fmt.Sprintf("%+v", h), marker)
	assertNoSecret(t, fmt.Sprint(tok, h), "Sprint")
	assertNoSecret(t, fmt.Sprintln(tok, h), "Sprintln")
	assertNoSecret(t, fmt.Errorf("wrapped: %w: %v", errors.New("x"), h).Error(), "Errorf")

	text, err := tok.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, marker, string(text))
	j, err := json.Marshal(tok)
	require.NoError(t, err)
	assert.Equal(t, `"`+marker+`"`, string(j))
	j, err = json.Marshal(h)
	require.NoError(t, err)
	assertNoSecret(t, string(j), "json.Marshal(RequestHeaders)")
	assert.JSONEq(t, `{"authorization":"`+marker+`","content-type":"application/json","x-tenant-id":77}`, string(j))
	j, err = json.Marshal(map[string]any{"h": &h, "t": []croschema.BearerToken{tok}})
	require.NoError(t, err)
	assertNoSecret(t, string(j), "json.Marshal(nested)")

	assert.Equal(t, marker, tok.LogValue().String())
	for _, handler := range []struct {
		name string
		new  func(io.Writer) slog.Handler
	}{
		{"text", func(w io.Writer) slog.Handler { return slog.NewTextHandler(w, nil) }},
		{"json", func(w io.Writer) slog.Handler { return slog.NewJSONHandler(w, nil) }},
	} {
		var buf bytes.Buffer
		log := slog.New(handler.new(&buf))
		log.Info("request", "token", tok, "headers", h, "ptr", &h, slog.Any("any", tok), slog.Group("g", "t", tok))
		log.Info(fmt.Sprint(tok), "token", &tok)
		assertNoSecret(t, buf.String(), "slog "+handler.name)
		assert.Contains(t, buf.String(), "redacted bearer token")
	}
}

func TestBearerTokenNeverInErrors(t *testing.T) {
	// Tokens that break each rule, built around the secret.
	bad := []string{
		secretToken + strings.Repeat("x", 300),      // max_length
		strings.ReplaceAll(secretToken, ".", " : "), // pattern
		"Basic " + secretToken,                      // pattern
		secretToken + " trail ing",                  // pattern
	}
	for _, s := range bad {
		_, err := croschema.ParseBearerToken(s)
		require.Error(t, err)
		assertNoSecret(t, err.Error(), "ParseBearerToken error")

		h := with(sampleHeaders(), "Authorization", s, secretToken) // given twice, too
		_, err = croschema.LintRequestHeaders(h, "GET")
		require.Error(t, err)
		assertNoSecret(t, err.Error(), "LintRequestHeaders error")
		assertNoSecret(t, fmt.Sprintf("%+v %#v", err, err), "LintRequestHeaders error, formatted")
		j, _ := json.Marshal(err)
		assertNoSecret(t, string(j), "LintRequestHeaders error, JSON")

		err = (&croschema.RequestHeaders{Authorization: croschema.BearerTokenOf(s), TenantID: 1}).Validate("GET")
		require.Error(t, err)
		assertNoSecret(t, err.Error(), "Validate error")
	}
	_, err := croschema.ParseBearerToken(secretToken + strings.Repeat("x", 300))
	assert.EqualError(t, err, "croschema: ParseBearerToken: 351 characters, at most 256 allowed")
	_, err = croschema.ParseBearerToken("Basic " + secretToken)
	assert.EqualError(t, err, "croschema: ParseBearerToken: does not match "+croschema.BearerPattern+
		" (any letter case); the 57-character value is not shown")
	tok, err := croschema.ParseBearerToken(secretToken)
	require.NoError(t, err)
	assert.Equal(t, secretToken, tok.Reveal())
	assert.Equal(t, "Bearer x.y", croschema.NewBearerToken("x.y").Reveal())
	assert.True(t, croschema.BearerToken{}.IsZero())
	assert.False(t, croschema.BearerToken{}.IsValid())
}

// bearerRegexp is the slow reference for matchBearer: the pattern as Go's
// regexp reads it.
var bearerRegexp = regexp.MustCompile("(?i)" + croschema.BearerPattern)

// asciiOnlyFold models matchBearer's one deliberate difference from
// bearerRegexp: (?i) folds U+017F (ſ) and U+212A (K) into [a-z]; matchBearer
// does not, so for it they are characters only a dot matches, like NUL.
var asciiOnlyFold = strings.NewReplacer("\u017f", "\x00", "\u212a", "\x00")

func refMatchBearer(s string) bool {
	return bearerRegexp.MatchString(asciiOnlyFold.Replace(s))
}

// bearerTests are hand-picked values of the authorization header and
// whether they match; each is also checked against the reference.
var bearerTests = []struct {
	s    string
	want bool
}{
	{sampleToken, true},
	{"bearer a.b", true},
	{"Bearer a.b", true},
	{"BEARER A.B", true},
	{"bEaReR a.b", true},
	{"bearer abc", true}, // the dot matches 'b'
	{"bearer a%b", true}, // the dot matches '%'
	{"bearer a b", true}, // ... and a space
	{"bearer a\tb", true},
	{"bearer aéb", true}, // ... and a multi-byte character
	{"bearer a\xffb", true},
	{"bearer a.b.", true},
	{"bearer a.b/", true},
	{"bearer a.b%", true}, // the optional dot
	{"bearer a.b%c", true},
	{"bearer a.b%c.d/e+f=g", true},
	{"bearer -_=.-_=", true},
	{"bearer a.b.c.d.e", true},
	{"bearer a.b%%", false},
	{"bearer a.b%c%", false},
	{"bearer a\nb", false}, // no dot matches a newline
	{"bearer a.b\n", false},
	{"bearer a.b\nc", false},
	{"bearer a.\nb", false},
	{"bearer ab", false},
	{"bearer a", false},
	{"bearer ", false},
	{"bearer", false},
	{"", false},
	{"bearer .ab", false},
	{"bearer  a.b", false},
	{"bearer\ta.b", false},
	{"bearerx a.b", false},
	{"basic a.b", false},
	{"bearer a.+b", false}, // '+' only in the tail
	{"bearer a+.b", false}, // the dot takes '+', and '.' cannot start the second run
	{"bearer a+b", true},   // ... but 'b' can
	{"bearer a/b", true},
	{"bearer a//b", false},
	{"bearer ab/.c", false},
	{"bearer \u017f.b", false}, // ASCII case only
	{"bearer a.\u212a", false},
	{"bearer a\u017fb", true}, // a dot takes it
	{"bearer \u0131.b", false},
	{"bearer é.b", false},
	{"bearer a.b c", true}, // the optional dot takes the space
	{"bearer a.b c d", false},
	{"bearer a.b\x00", true},
	{"bearer a.\x00", false},
}

func TestMatchBearer(t *testing.T) {
	for _, tt := range bearerTests {
		assert.Equal(t, tt.want, croschema.MatchBearer(tt.s), "croschema.MatchBearer(%q)", tt.s)
		assert.Equal(t, tt.want, refMatchBearer(tt.s), "refMatchBearer(%q)", tt.s)
	}
	// The one deliberate difference from (?i): Kelvin and long s.
	assert.True(t, bearerRegexp.MatchString("bearer \u017f.\u212a"))
	assert.False(t, croschema.MatchBearer("bearer \u017f.\u212a"))
}

// TestMatchBearerExhaustive compares matchBearer with the reference on every
// string of up to 5 characters over an alphabet that meets every branch of
// the pattern, after the prefix, and on shorter ones after other prefixes.
func TestMatchBearerExhaustive(t *testing.T) {
	// One character per behaviour: head class (a, Z, 9), tail only (., /),
	// dot only (%), newline, multi-byte, folded by (?i) only (ſ), invalid.
	alphabet := []string{"a", "Z", "9", ".", "/", "%", "\n", "é", "\u017f", "\xff"}
	maxLen := 5
	if testing.Short() {
		maxLen = 4
	}
	n := 0
	var walk func(prefix, s string, left int)
	walk = func(prefix, s string, left int) {
		in := prefix + s
		if croschema.MatchBearer(in) != refMatchBearer(in) {
			t.Fatalf("matchBearer(%q) = %v, reference says %v", in, croschema.MatchBearer(in), refMatchBearer(in))
		}
		n++
		if left == 0 {
			return
		}
		for _, c := range alphabet {
			walk(prefix, s+c, left-1)
		}
	}
	walk("Bearer ", "", maxLen)
	for _, p := range []string{"", "bearer", "bearer  ", "BeArEr ", "bearer\t", "bearer\n", "bearer.", "basic ", "bearer \n", "bearer a"} {
		walk(p, "", 3)
	}
	t.Logf("%d strings agree", n)
}

// FuzzMatchBearer checks matchBearer against the regexp reference, and the
// header rule's order: the length first, then the pattern.
func FuzzMatchBearer(f *testing.F) {
	for _, tt := range bearerTests {
		f.Add(tt.s)
	}
	f.Add(maxToken)
	f.Add(longToken)
	f.Fuzz(func(t *testing.T, s string) {
		got := croschema.MatchBearer(s)
		if want := refMatchBearer(s); got != want {
			t.Fatalf("matchBearer(%q) = %v, reference says %v", s, got, want)
		}
		// The details are fixed texts and a length: they never show s.
		code, detail := croschema.CheckBearerToken(s)
		n := len([]rune(s))
		switch {
		case n == 0:
			require.Equal(t, croschema.CodeMinLength, code)
			require.Equal(t, "0 characters, at least 1 required", detail)
		case n > 256:
			require.Equal(t, croschema.CodeMaxLength, code)
			require.Equal(t, strconv.Itoa(n)+" characters, at most 256 allowed", detail)
		case !got:
			require.Equal(t, croschema.CodePattern, code)
			require.Equal(t, "does not match "+croschema.BearerPattern+" (any letter case); the "+strconv.Itoa(n)+"-character value is not shown", detail)
		default:
			require.Empty(t, code)
		}
	})
}

// FuzzLintRequestHeaders checks laws on any header values: no panic;
// every violation is at a named header with its model's field; a valid
// set writes back to itself.
func FuzzLintRequestHeaders(f *testing.F) {
	f.Add(sampleToken, "application/json", "2019/02/08", requestID, "77", "GET")
	f.Add("Basic x", "text/plain", "2019-02-08", "{x}", "-1", "PATCH")
	f.Add("", "", "", "", "", "POST")
	f.Fuzz(func(t *testing.T, auth, ct, ver, id, tenant, method string) {
		h := http.Header{"Authorization": {auth}, "content-type": {ct}, "X-API-VERSION": {ver}, "X-Request-Id": {id}, "x-tenant-id": {tenant}}
		got, err := croschema.LintRequestHeaders(h, method)
		// No failure message prints a token: the headers are compared with
		// == and shown with %v, which redacts it.
		if err == nil {
			if err := got.Validate(method); err != nil {
				t.Fatalf("Validate(%q) of linted headers %v: %v", method, got, err)
			}
			w := http.Header{}
			got.SetHeaders(w)
			again, err := croschema.LintRequestHeaders(w, method)
			if err != nil || again != got {
				t.Fatalf("SetHeaders then LintRequestHeaders: %v, %v; want %v", again, err, got)
			}
		}
		// The token shows nowhere: a marker put in front of it is in no
		// violation, error text or rendering of the result.
		// Nor when the client copied it into the other headers, whose
		// details quote their values.
		const marker = "Qv7Zx"
		h.Set("Authorization", "Bearer "+marker+strings.TrimPrefix(auth, "Bearer "))
		marked, merr := croschema.LintRequestHeaders(h, method)
		copied := h.Clone()
		for _, k := range []string{"content-type", "X-API-VERSION", "X-Request-Id", "x-tenant-id"} {
			copied[k] = []string{marker + copied[k][0]}
		}
		_, cerr := croschema.LintRequestHeaders(copied, method)
		if strings.Contains(fmt.Sprint(cerr), marker) {
			t.Fatalf("the token copied into another header shows: %v", cerr)
		}
		for _, out := range []string{fmt.Sprint(merr), fmt.Sprintf("%v %+v %#v %p", marked, marked, marked, marked.Authorization),
			fmt.Sprintf("%v %+v %#v %x", struct{ h croschema.RequestHeaders }{marked}, struct{ h croschema.RequestHeaders }{marked},
				struct{ h croschema.RequestHeaders }{marked}, struct{ h croschema.RequestHeaders }{marked})} {
			if strings.Contains(out, marker) {
				t.Fatalf("the token shows: %s", out)
			}
		}
		if err == nil {
			return
		}
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs)
		for _, v := range vs {
			i := slices.IndexFunc(croschema.RequestHeaderRules(), func(r croschema.HeaderRule) bool { return r.Name == v.Location })
			require.GreaterOrEqual(t, i, 0, "violation at %q", v.Location)
			require.Equal(t, croschema.RequestHeaderRules()[i].Field, v.Field)
		}
	})
}

// TestHTTPMessages parses every raw message in testdata/http, and the two
// documented samples in testdata, with net/http
// and checks it: a NAME.request.http gets MatchEndpoint and
// LintRequestHeaders, a NAME.response.http LintResponseHeaders. The
// violations, one per line in Violation.String form, must equal NAME.golden
// (empty for a clean message); go test -update rewrites them.
func TestHTTPMessages(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "http", "*.http"))
	require.NoError(t, err)
	samples, err := filepath.Glob(filepath.Join("testdata", "*.http"))
	require.NoError(t, err)
	require.Len(t, samples, 2, "the documented sample request and response")
	files = append(samples, files...)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".http")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			got := checkHTTPMessage(t, name, raw)
			checkGolden(t, strings.TrimSuffix(file, ".http")+".golden", []byte(got))
		})
	}
}

// checkHTTPMessage returns the violations of a raw message, one per line.
func checkHTTPMessage(t *testing.T, name string, raw []byte) string {
	var vs croschema.Violations
	collect := func(err error) {
		var more croschema.Violations
		if err != nil {
			require.ErrorAs(t, err, &more)
		}
		vs = append(vs, more...)
	}
	switch {
	case strings.HasSuffix(name, ".request"):
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		require.NoError(t, err)
		_, _, err = croschema.MatchEndpoint(req.Method, req.RequestURI)
		collect(err)
		_, err = croschema.LintRequestHeaders(req.Header, req.Method)
		collect(err)
	case strings.HasSuffix(name, ".response"):
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		require.NoError(t, err)
		_, err = croschema.LintResponseHeaders(resp.Header)
		collect(err)
	default:
		t.Fatalf("%s: name a raw message NAME.request.http or NAME.response.http", name)
	}
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(v.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestSampleMessages checks the documented sample request and response
// beyond their headers: the request line, the body, the line endings.
func TestSampleMessages(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", "http", name))
		if os.IsNotExist(err) { // the documented samples stand in testdata itself
			b, err = os.ReadFile(filepath.Join("testdata", name))
		}
		require.NoError(t, err)
		return b
	}

	lf, crlf := read("get-contact.request.http"), read("get-contact-crlf.request.http")
	assert.NotContains(t, string(lf), "\r")
	assert.Equal(t, strings.Count(string(crlf), "\n"), strings.Count(string(crlf), "\r\n"), "every line of the CRLF variant ends in CRLF")
	assert.Equal(t, string(lf), strings.ReplaceAll(string(crlf), "\r\n", "\n"), "the variants differ only in line endings")
	for _, raw := range [][]byte{lf, crlf} {
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		require.NoError(t, err)
		e, p, err := croschema.MatchEndpoint(req.Method, req.RequestURI)
		require.NoError(t, err)
		assert.Equal(t, croschema.GetContact, e)
		assert.True(t, strings.HasSuffix(req.RequestURI, "/"), "the documented sample path ends in '/'")
		assert.Equal(t, croschema.PathParams{CustomerID: 1042, CustomerContactID: 1}, p)
		h, err := croschema.LintRequestHeaders(req.Header, req.Method)
		require.NoError(t, err)
		assert.Equal(t, croschema.RequestHeaders{Authorization: mustToken(sampleToken), ContentType: "application/json", TenantID: 77}, h)
		assert.Zero(t, testing.AllocsPerRun(100, func() {
			_, _, _ = croschema.MatchEndpoint(req.Method, req.RequestURI)
			h, _ := croschema.LintRequestHeaders(req.Header, req.Method)
			_ = h.Validate(req.Method)
		}), "checking the sample request allocates (its token sealed before, from the cache)")
	}

	raw := read("get-contact.response.http")
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
	require.NoError(t, err)
	assert.Equal(t, 200, resp.StatusCode)
	h, err := croschema.LintResponseHeaders(resp.Header)
	require.NoError(t, err)
	assert.Equal(t, croschema.ResponseHeaders{APIVersion: croschema.V2019_02_08, RequestID: requestID, ContentType: "application/json"}, h)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		h, _ := croschema.LintResponseHeaders(resp.Header)
		_ = h.Validate()
	}), "checking the sample response allocates nothing")
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.EqualValues(t, len(body), resp.ContentLength, "Content-Length is the body's length")
	_, after, _ := bytes.Cut(raw, []byte("\n\n"))
	assert.Equal(t, string(after), string(body), "nothing follows the body")
	assert.True(t, json.Valid(body))
	assert.True(t, bytes.HasPrefix(body, []byte("{\n\"email\": \"shaneduty@gmail.com\",\n")))
	assert.True(t, bytes.HasSuffix(body, []byte("\n\"number\": \"360-555-1212\"\n}")))
}

// TestRepeatedHeaderValuesCheckedOnce: a header repeated many times gives
// one duplicate_key and one violation per distinct bad value, however many
// copies there are (the distinct values are found with a map past a few,
// so the cost stays linear in the number of values).
func TestRepeatedHeaderValuesCheckedOnce(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer abc.def")
	for i := 0; i < 10000; i++ {
		h.Add("X-Tenant-Id", []string{"x", "y", "42"}[i%3])
	}
	_, err := croschema.LintRequestHeaders(h, http.MethodGet)
	var vs croschema.Violations
	require.ErrorAs(t, err, &vs)
	var codes []croschema.Code
	for _, v := range vs {
		assert.Equal(t, "x-tenant-id", v.Location)
		codes = append(codes, v.Code)
	}
	assert.Equal(t, []croschema.Code{croschema.CodeDuplicateKey, croschema.CodeInteger, croschema.CodeInteger}, codes)
}

// mustToken returns the valid token s, as ParseBearerToken reads it.
func mustToken(s string) croschema.BearerToken {
	tok, err := croschema.ParseBearerToken(s)
	if err != nil {
		panic(err)
	}
	return tok
}

// TestHeaderDetailsHideControlValues: a detail never quotes a header value
// that holds a control character, which may carry a header an HTTP reader
// did not split off.
func TestHeaderDetailsHideControlValues(t *testing.T) {
	for _, sep := range []string{"\r", "\n", "\x00", "\t", "\x1b", "\x7f"} {
		hidden := "1" + sep + "Authorization: Bearer SECRET.tok.en"
		h := http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {hidden}, "X-Request-Id": {hidden},
			"X-Api-Version": {hidden}, "Content-Type": {hidden}}
		_, err := croschema.LintRequestHeaders(h, "POST")
		var vs croschema.Violations
		require.ErrorAs(t, err, &vs)
		require.Len(t, vs, 4, "%q: %v", sep, vs)
		for _, v := range vs {
			assert.NotContains(t, v.Detail, "SECRET", "%q", sep)
			assert.Contains(t, v.Detail, "the 37-character value (not shown: it holds a control character)", "%q", sep)
		}
	}
	_, err := croschema.LintRequestHeaders(http.Header{"Authorization": {"Bearer a.b"}, "X-Tenant-Id": {"1 2"}}, "GET")
	assert.ErrorContains(t, err, `"1 2" is not an integer`, "a value without control characters is quoted")
}

// TestTokenCopiedIntoAnotherHeader checks that the token never comes back
// through the detail of another header that quotes its value: a client
// that copies its authorization value, or a piece of it, into x-request-id,
// x-tenant-id, x-api-version or content-type (a detail quotes up to 64
// bytes, so a long token is cut, and a server may change its case).
func TestTokenCopiedIntoAnotherHeader(t *testing.T) {
	cred := strings.TrimPrefix(secretToken, "Bearer ")
	copies := []string{secretToken, cred, cred[:20], strings.ToUpper(cred), "x" + cred[5:30] + "x"}
	for _, name := range []string{"X-Request-Id", "X-Tenant-Id", "X-Api-Version", "Content-Type"} {
		for _, v := range copies {
			h := with(with(sampleHeaders(), "Authorization", secretToken), name, v)
			_, err := croschema.LintRequestHeaders(h, "POST")
			require.Error(t, err, "%s: %s", name, v)
			assertNoRun(t, err.Error(), cred, "LintRequestHeaders, "+name)

			// Under a header name in another letter case, as the lint reads it.
			h = with(sampleHeaders(), name, v)
			h["authorization"], h["Authorization"] = []string{secretToken}, nil
			_, err = croschema.LintRequestHeaders(h, "POST")
			require.Error(t, err)
			assertNoRun(t, err.Error(), cred, "LintRequestHeaders, lower-case authorization, "+name)
		}
	}
	for _, v := range copies {
		err := (&croschema.RequestHeaders{Authorization: mustToken(secretToken), TenantID: 1, RequestID: v, ContentType: v}).Validate("POST")
		require.Error(t, err)
		assertNoRun(t, err.Error(), cred, "Validate")
	}
}

// assertNoRun fails t when out holds any 4-byte run of secret, as it is
// or upper-cased (in lower case, "sign" of "SiGnAtUrE" is in the details'
// own words).
func assertNoRun(t *testing.T, out, secret, what string) {
	t.Helper()
	for i := 0; i+4 <= len(secret); i++ {
		if run := secret[i : i+4]; strings.Contains(out, run) || strings.Contains(out, strings.ToUpper(run)) {
			t.Errorf("%s: %q holds %q of the token", what, out, run)
			return
		}
	}
}

// TestHeaderSpellingsInFixedOrder: one header under several non-canonical
// spellings in an http.Header literal gives the same violations in the
// same order on every call, whatever Go's map order (found by
// crohttp's FuzzMiddleware: "value 1" and "value 2" swapped between runs).
func TestHeaderSpellingsInFixedOrder(t *testing.T) {
	h := http.Header{
		"AuthoriZAtion": {"BeArer 000"},
		"AUTHoRiZATiOn": {"0"},
		"x-TENANT-id":   {"a"},
		"X-tenant-ID":   {"b"},
		"X-Tenant-Id":   {"c"},
	}
	_, first := croschema.LintRequestHeaders(h, "GET")
	require.Error(t, first)
	for range 200 {
		_, err := croschema.LintRequestHeaders(h, "GET")
		require.Equal(t, first.Error(), err.Error())
	}
	// The canonical key's values come first, then the others' by key.
	assert.Contains(t, first.Error(), `value 1: "c"`)
	assert.Contains(t, first.Error(), `value 2: "b"`)
	assert.Contains(t, first.Error(), `value 3: "a"`)
}
