// Package oapiclient is the client that oapi-codegen v2.8.2 generates from
// croschema's OpenAPI document, openapi.json at the repository's root,
// with the default output options: a nullable key is a pointer, so an
// Update cannot send null through the typed UpdateContact (use
// UpdateContactWithBody, or generate with nullable-type, as
// oapinullable does). openapi.json.sha256 records the document it was
// generated from; TestGeneratedFromDocument fails when the document
// changes and the code is not generated again (go generate ./... in
// internal/genclients).
package oapiclient

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 -config oapi-codegen.yaml ../../../openapi.json
//go:generate go run ../hashdoc ../../../openapi.json openapi.json.sha256
