// Package bench compares croschema with the ways Go programs usually check
// a CustomerContactModel body: encoding/json alone (the floor: decoding, no
// checks), encoding/json with go-playground/validator/v10 tags, a JSON Schema
// compiled with santhosh-tekuri/jsonschema/v6, and an OpenAPI 3.0 schema
// applied with getkin/kin-openapi.
//
// It is its own module so that the root module does not depend on the
// competitors. Run the comparison with
//
//	cd bench && go test -bench . -benchmem
//
// Every implementation is checked by TestImpls to accept the documented
// sample and to reject broken documents, so that the benchmarks compare
// real work; its table also records which checks each one makes.
package bench
