package bench

import (
	"encoding/json"
	"maps"
)

// MiddlewareOpenAPI returns the OpenAPI 3.0.3 document of the three
// endpoints that the kin-openapi side of BenchmarkMiddleware validates
// against, as close to RULES.md as OpenAPI 3.0 goes: the body schemas of
// contactOpenAPISchema (CustomerContactModel; the Create and Update models
// are it without id and without required keys), the error body, the
// integer path parameters, the x-tenant-id, x-api-version and x-request-id
// headers, the response headers, and a bearer security scheme (OpenAPI
// ignores an Authorization header parameter; the benchmark's
// AuthenticationFunc checks RULES.md's pattern instead).
//
// It is written here, from the schemas the body benchmarks use, rather than
// taken from croschema, which does not export an OpenAPI document yet;
// testdata/middleware-openapi.json is its output, kept in step by
// TestMiddlewareOpenAPIDoc.
func MiddlewareOpenAPI() []byte {
	var contact map[string]any
	if err := json.Unmarshal([]byte(contactOpenAPISchema), &contact); err != nil {
		panic(err)
	}
	patch := maps.Clone(contact)
	props := maps.Clone(contact["properties"].(map[string]any))
	delete(props, "id")
	patch["properties"] = props
	delete(patch, "required")

	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/" + name} }
	jsonContent := func(schema string) map[string]any {
		return map[string]any{"application/json": map[string]any{"schema": ref("schemas/" + schema)}}
	}
	integer := map[string]any{"type": "integer", "format": "int64", "minimum": 0}
	pathParam := func(name string) map[string]any {
		return map[string]any{"name": name, "in": "path", "required": true, "schema": integer}
	}
	stdHeaders := func() map[string]any {
		return map[string]any{"x-api-version": ref("headers/x-api-version"), "x-request-id": ref("headers/x-request-id")}
	}
	response := func(desc, schema string) map[string]any {
		return map[string]any{"description": desc, "headers": stdHeaders(), "content": jsonContent(schema)}
	}
	responses := func() map[string]any {
		return map[string]any{
			"200": response("the contact", "CustomerContactModel"),
			"400": response("Bad Request", "ErrorResponseModel"),
			"401": response("Unauthorized", "ErrorResponseModel"),
			"403": response("Forbidden", "ErrorResponseModel"),
			"404": response("Not Found", "ErrorResponseModel"),
		}
	}
	headers := []any{ref("parameters/x-tenant-id"), ref("parameters/x-api-version"), ref("parameters/x-request-id")}
	operation := func(id, body string) map[string]any {
		op := map[string]any{"operationId": id, "parameters": headers,
			"security": []any{map[string]any{"bearer": []any{}}}, "responses": responses()}
		if body != "" {
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(body)}
		}
		return op
	}
	versions := []any{"2019/02/08", "2021/04/07", "2021/05/07", "2021/08/02", "2021/11/04", "2023/04/19"}
	const uuid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "CRO Software API: customer contacts", "version": "2023/04/19"},
		"paths": map[string]any{
			"/customers/{customer_id}/contacts/{customer_contact_id}": map[string]any{
				"parameters": []any{pathParam("customer_id"), pathParam("customer_contact_id")},
				"get":        operation("getContact", ""),
				"patch":      operation("updateContact", "UpdateCustomerContactModel"),
			},
			"/customers/{customer_id}/contacts": map[string]any{
				"parameters": []any{pathParam("customer_id")},
				"post":       operation("createContact", "CreateCustomerContactModel"),
			},
		},
		"components": map[string]any{
			"schemas": map[string]any{
				"CustomerContactModel":       contact,
				"CreateCustomerContactModel": patch,
				"UpdateCustomerContactModel": patch,
				"ErrorResponseModel": map[string]any{
					"type": "object", "additionalProperties": false, "required": []any{"detail"},
					"properties": map[string]any{
						"detail":      map[string]any{"type": "string"},
						"explanation": map[string]any{"type": "string", "nullable": true},
						"field":       map[string]any{"type": "string", "nullable": true},
					},
				},
			},
			"parameters": map[string]any{
				"x-tenant-id": map[string]any{"name": "x-tenant-id", "in": "header", "required": true,
					"schema": map[string]any{"type": "string", "pattern": "^[0-9]{1,19}$"}},
				"x-api-version": map[string]any{"name": "x-api-version", "in": "header",
					"schema": map[string]any{"type": "string", "enum": versions}},
				"x-request-id": map[string]any{"name": "x-request-id", "in": "header",
					"schema": map[string]any{"type": "string", "pattern": uuid}},
			},
			"headers": map[string]any{
				"x-api-version": map[string]any{"required": true, "schema": map[string]any{"type": "string", "enum": versions}},
				"x-request-id":  map[string]any{"required": true, "schema": map[string]any{"type": "string", "pattern": uuid}},
			},
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(out, '\n')
}
