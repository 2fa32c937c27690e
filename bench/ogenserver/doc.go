// Package ogenserver is ogen's generated server of the API's three contact
// endpoints, the ogen peer of bench's server benchmarks (TestServerPeers,
// BenchmarkServerPaired). It is generated from ../server.openapi.json, the
// bench's own OpenAPI 3.0 document of the endpoints (not the root
// module's openapi.json), with ogen v1.25.0 and ogen.yml, which turns on the
// server and its embedded document (SpecJSON, which TestServerSpec compares
// with the file) and nothing else: no client, no OpenTelemetry. The generated
// files are a benchmark fixture and are committed; regenerate them with
//
//	go generate ./ogenserver
package ogenserver

//go:generate go run github.com/ogen-go/ogen/cmd/ogen@v1.25.0 --config ogen.yml --target . --package ogenserver --clean ../server.openapi.json
