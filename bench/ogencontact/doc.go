// Package ogencontact is ogen's generated decoder and validator of
// CustomerContactModel, for the comparison in package bench. openapi.json
// holds the schema that bench's kin-openapi row applies (contactOpenAPISchema,
// checked equal by TestOgenSpec) under one operation, so that ogen generates
// the model's JSON decoder and Validate; ogen.yml turns off the client and
// server. Regenerate with go generate.
package ogencontact

//go:generate go run github.com/ogen-go/ogen/cmd/ogen@v1.25.0 --config ogen.yml --target . --package ogencontact --clean openapi.json
