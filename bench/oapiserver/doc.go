// Package oapiserver is oapi-codegen's generated net/http server of the
// API's three contact endpoints, the oapi-codegen peer of bench's server
// benchmarks (TestServerPeers, BenchmarkServerPaired), which serves it behind
// kin-openapi's request validator. It is generated from ../server.openapi.json,
// the bench's own OpenAPI 3.0 document of the endpoints (not the root module's
// openapi.json), with oapi-codegen v2.8.2 and oapi-codegen.yaml: the std
// net/http server, the models and the embedded document (GetSwagger, which
// the validator reads and TestServerSpec compares with the file). The
// generated file is a benchmark fixture and is committed; regenerate it with
//
//	go generate ./oapiserver
package oapiserver

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../server.openapi.json
