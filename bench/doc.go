// Package bench compares croschema with the ways Go programs usually check
// a CustomerContactModel body: encoding/json alone (the floor: decoding, no
// checks), encoding/json with go-playground/validator/v10 tags, a JSON Schema
// compiled with santhosh-tekuri/jsonschema/v6, an OpenAPI 3.0 schema applied
// with getkin/kin-openapi, the same schema as ogen's generated decoder and
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
// reports ratios measured in alternating blocks within one run, which do
// not.
//
// Every implementation is checked by TestImpls to accept the documented
// sample and to reject broken documents, so that the benchmarks compare
// real work; its table also records which checks each one makes.
package bench
