package openapitest

import (
	"context"
	"testing"

	"github.com/croschema/croschema"
	"github.com/getkin/kin-openapi/openapi3"
)

// load returns croschema's OpenAPI document, loaded and validated by
// kin-openapi.
func load(t testing.TB) *openapi3.T {
	t.Helper()
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(croschema.OpenAPI())
	if err != nil {
		t.Fatalf("openapi3.Loader: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	return doc
}

func TestDocumentLoads(t *testing.T) {
	doc := load(t)
	if got := doc.OpenAPI; got != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", got)
	}
}
