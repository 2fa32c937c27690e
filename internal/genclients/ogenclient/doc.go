// Package ogenclient is the client that ogen v1.25.0 generates from
// croschema's OpenAPI document, openapi.json at the repository's root,
// as a user of the document would generate it. openapi.json.sha256
// records the document it was generated from; TestGeneratedFromDocument
// fails when the document changes and the code is not generated again
// (go generate ./... in internal/genclients).
package ogenclient

//go:generate go run github.com/ogen-go/ogen/cmd/ogen@v1.25.0 --config ogen.yml --target . --package ogenclient --clean ../../../openapi.json
//go:generate go run ../hashdoc ../../../openapi.json openapi.json.sha256
