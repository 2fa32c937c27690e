// Package bench compares croschema with the ways Go programs usually check
// a CustomerContactModel body, and crohttp with the servers they usually
// build (see Servers below). The bodies are checked by encoding/json alone
// (the floor: decoding, no checks), encoding/json with
// go-playground/validator/v10 tags, a JSON Schema compiled with
// santhosh-tekuri/jsonschema/v6, an OpenAPI 3.0 schema applied with
// getkin/kin-openapi, the same schema as ogen's generated decoder and
// validator (ogencontact), and, built with GOEXPERIMENT=jsonv2,
// encoding/json/v2 rejecting unknown keys. utf8-valid, utf8.Valid over the
// document, runs beside them as the limit: the cost of touching every byte.
//
// It is its own module so that the root module does not depend on the
// competitors. Run the comparison with
//
//	cd bench && go test -bench . -benchmem
//	cd bench && GOEXPERIMENT=jsonv2 go test -bench . -benchmem
//
// On a shared machine the timings of separate runs drift; BenchmarkPaired
// reports ratios measured in blocks taken in turn within one run, which do
// not.
//
// Every implementation is checked by TestImpls to accept the documented
// sample and to reject broken documents, so that the benchmarks compare
// real work; its table also records which checks each one makes.
//
// # Servers
//
// The server benchmarks compare whole requests, served in process (no
// network): crohttp.Middleware against the servers a user would build
// instead, each a complete server of the three endpoints that checks as
// much of RULES.md as its stack can (NewServers): ogen's generated server
// (ogenserver), oapi-codegen's generated net/http server behind
// kin-openapi's request validator (oapiserver), gin with croschema's rules
// registered on its validator, and huma on net/http. ogenserver and
// oapiserver are generated from server.openapi.json, the bench's own OpenAPI
// document of the endpoints; each package's doc.go gives the generator's
// version and command, and TestServerSpec checks that they are up to date.
//
// TestServerPeers checks that every server answers the valid requests of
// the benchmarks 200 with the stored contact and the invalid ones 4xx; its
// table records which requests each peer answers differently from the API,
// and it logs each status that differs (huma's 422 for the API's 400, ...):
//
//	cd bench && go test -run TestServerPeers -v
//
// BenchmarkServerPaired measures every server on the same six requests
// (valid/get, valid/patch, valid/post, invalid/get, invalid/patch,
// invalid/post) in blocks taken in turn within one run, and reports each
// peer's time per request over crohttp's (ogen/crohttp, gin/crohttp, ...;
// above 1, crohttp is faster), crohttp's own ns/req and cpu-ns/req, and every
// server's allocations per request. BenchmarkViolations measures how the
// cost of an invalid request grows with its violations, from 1 to 1,000
// unknown keys, through croschema.LintUpdateContact alone and through
// crohttp.Middleware as a PATCH answered 400:
//
//	cd bench && go test -run '^$' -bench BenchmarkServerPaired -benchtime=300x
//	cd bench && go test -run '^$' -bench BenchmarkViolations -benchmem
package bench
