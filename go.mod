module github.com/croschema/croschema

go 1.26.0
