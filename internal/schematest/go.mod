module github.com/croschema/croschema/internal/schematest

go 1.26.0

replace github.com/croschema/croschema => ../..

require (
	github.com/croschema/croschema v0.0.0-00010101000000-000000000000
	github.com/leanovate/gopter v0.2.11
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
)

require golang.org/x/text v0.43.0 // indirect
