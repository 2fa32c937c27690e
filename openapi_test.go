package croschema_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/croschema/croschema"
)

// The names the document uses.
const (
	bearerScheme = "bearerAuth"
	schemaRefs   = "#/components/schemas/"
	paramRefs    = "#/components/parameters/"
	mediaJSON    = "application/json"
)

// TestOpenAPIGolden keeps openapi.json, the committed copy, equal to
// OpenAPI's output; go test -update rewrites it.
func TestOpenAPIGolden(t *testing.T) {
	doc := croschema.OpenAPI()
	require.NotEmpty(t, doc)
	checkGolden(t, "openapi.json", doc)
}

func TestOpenAPIDeterministic(t *testing.T) {
	a, b := croschema.OpenAPI(), croschema.OpenAPI()
	require.Equal(t, a, b)
	a[0] = 'x' // each call returns its own slice
	assert.NotEqual(t, a, croschema.OpenAPI())
	assert.True(t, bytes.HasSuffix(b, []byte("}\n")))
}

// oaDoc is the part of the document the tests read.
type oaDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage // path, then method, description or parameters
	Comps   struct {
		Schemas    map[string]oaSchema
		Parameters map[string]struct {
			Name, In string
			Required bool
			Schema   oaSchema
		}
		Headers map[string]struct {
			Required bool
			Schema   oaSchema
		}
		Responses       map[string]json.RawMessage
		SecuritySchemes map[string]struct{ Type, Scheme string }
	} `json:"components"`
	Security []map[string][]string
}

type oaSchema struct {
	Ref                  string `json:"$ref"`
	Description          string
	Type                 string
	Format               string
	Nullable             bool
	MinLength, MaxLength *int
	Minimum              *int64
	Pattern              string
	Enum                 []any
	OneOf                []oaSchema
	Properties           map[string]oaSchema
	Required             []string
	AdditionalProperties *bool
	Example              json.RawMessage
}

// oaRefObj is a reference object.
type oaRefObj struct {
	Ref string `json:"$ref"`
}

type oaOp struct {
	Summary     string
	Description string
	OperationID string
	Parameters  []oaRefObj
	RequestBody *struct {
		Required bool
		Content  map[string]struct {
			Schema struct {
				Ref   string `json:"$ref"`
				AllOf []struct {
					Ref      string `json:"$ref"`
					Required []string
				}
			}
		}
	}
	Responses map[string]struct {
		Ref     string `json:"$ref"`
		Headers map[string]oaRefObj
		Content map[string]struct {
			Schema  oaRefObj
			Example json.RawMessage
		}
	}
}

func decodeOpenAPI(t *testing.T) oaDoc {
	t.Helper()
	var d oaDoc
	dec := json.NewDecoder(bytes.NewReader(croschema.OpenAPI()))
	require.NoError(t, dec.Decode(&d))
	require.Equal(t, "3.0.3", d.OpenAPI, "the version OpenAPI's doc comment names")
	return d
}

// Every body model's schema is its rule table.
func TestOpenAPISchemasFollowRules(t *testing.T) {
	d := decodeOpenAPI(t)
	// The models a server receives: request bodies.
	received := map[croschema.Model]bool{}
	for _, e := range croschema.Endpoints() {
		received[e.RequestModel()] = true
	}
	for _, m := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact, croschema.ModelAPIError} {
		t.Run(m.String(), func(t *testing.T) {
			s, ok := d.Comps.Schemas[m.String()]
			require.True(t, ok)
			assert.Equal(t, "object", s.Type)
			require.NotNil(t, s.AdditionalProperties)
			assert.False(t, *s.AdditionalProperties)
			var required []string
			for _, r := range m.Rules() {
				p, ok := s.Properties[r.Key]
				require.True(t, ok, r.Key)
				if r.Required {
					required = append(required, r.Key)
				}
				assert.Equal(t, r.Nullable, p.Nullable, "%s nullable", r.Key)
				switch r.JSONType {
				case "boolean":
					if received[m] {
						// Every form the server accepts.
						require.Len(t, p.OneOf, 3, r.Key)
						assert.Equal(t, "boolean", p.OneOf[0].Type)
						assert.Equal(t, []any{0.0, 1.0}, p.OneOf[1].Enum)
						assert.Equal(t, croschema.BoolStringPattern, p.OneOf[2].Pattern)
					} else {
						// The form a server writes: generated clients get a bool.
						assert.Empty(t, p.OneOf, r.Key)
						assert.Equal(t, "boolean", p.Type, r.Key)
					}
				case "integer":
					assert.Equal(t, "integer", p.Type)
					assert.Equal(t, "int64", p.Format)
				default:
					assert.Equal(t, "string", p.Type)
					if r.MinLength > 0 {
						require.NotNil(t, p.MinLength, r.Key)
						assert.Equal(t, r.MinLength, *p.MinLength, r.Key)
					} else {
						assert.Nil(t, p.MinLength, r.Key)
					}
					if r.MaxLength > 0 {
						require.NotNil(t, p.MaxLength, r.Key)
						assert.Equal(t, r.MaxLength, *p.MaxLength, r.Key)
					}
					if r.EmailList {
						assert.Equal(t, emailShapePattern, p.Pattern, r.Key)
					} else {
						assert.Empty(t, p.Pattern, r.Key)
					}
				}
			}
			assert.Len(t, s.Properties, len(m.Rules()))
			assert.Equal(t, required, s.Required)
			// The example is a valid document of the model.
			require.NotEmpty(t, s.Example)
			assert.NoError(t, m.Lint(s.Example), "example %s", s.Example)
		})
	}
}

// The schema's example is the documented sample, verbatim in value.
func TestOpenAPISampleIsDocumented(t *testing.T) {
	d := decodeOpenAPI(t)
	file, err := os.ReadFile("testdata/get-contact.response.json")
	require.NoError(t, err)
	assert.JSONEq(t, string(file), string(d.Comps.Schemas[croschema.ModelCustomerContact.String()].Example))
}

// Every endpoint is one operation with its roles, the request headers as
// parameters or the security scheme, its body model and the statuses of RULES.md.
func TestOpenAPIOperations(t *testing.T) {
	d := decodeOpenAPI(t)
	require.Equal(t, []map[string][]string{{bearerScheme: {}}}, d.Security)
	require.Equal(t, "http", d.Comps.SecuritySchemes[bearerScheme].Type)
	require.Equal(t, "bearer", d.Comps.SecuritySchemes[bearerScheme].Scheme)
	ops := 0
	for _, item := range d.Paths {
		for k := range item {
			if k != "description" && k != "parameters" {
				ops++
			}
		}
	}
	assert.Equal(t, len(croschema.Endpoints()), ops, "operations")
	for _, e := range croschema.Endpoints() {
		t.Run(e.Name(), func(t *testing.T) {
			item, ok := d.Paths[e.Path()]
			require.True(t, ok, e.Path())
			raw, ok := item[strings.ToLower(e.Method())]
			require.True(t, ok, e.Method())
			var op oaOp
			require.NoError(t, json.Unmarshal(raw, &op))
			assert.Equal(t, e.Name(), op.Summary)
			for _, r := range croschema.Roles() {
				assert.Equal(t, e.Allows(r), strings.Contains(op.Description, " "+r.String()+",") ||
					strings.Contains(op.Description, " "+r.String()+"."), "role %s in %q", r, op.Description)
			}

			var params []string
			for _, p := range op.Parameters {
				params = append(params, strings.TrimPrefix(p.Ref, paramRefs))
			}
			for _, r := range croschema.RequestHeaderRules() {
				switch r.Name {
				case "authorization", "content-type": // the security scheme, the body's media type
					assert.NotContains(t, params, r.Name)
				default:
					require.Contains(t, params, r.Name)
					p := d.Comps.Parameters[r.Name]
					assert.Equal(t, "header", p.In)
					assert.Equal(t, r.Required, p.Required, r.Name)
				}
			}

			// What a tool's user cannot see in the operations.
			assert.Contains(t, op.Description, "OPTIONS")
			assert.Contains(t, op.Description, "trailing '/'")
			assert.Equal(t, e.Method() == "GET", strings.Contains(op.Description, "HEAD"), "HEAD in %q", op.Description)
			assert.Contains(t, op.Description, `RULES.md, "Serving the API"`)

			success := strconv.Itoa(e.SuccessStatus())
			statuses := []string{success, "400", "401", "403", "404", "5XX"}
			if e.RequestModel() != croschema.ModelNone {
				require.NotNil(t, op.RequestBody)
				assert.True(t, op.RequestBody.Required)
				schema := op.RequestBody.Content[mediaJSON].Schema
				if stored := storedKeys(e); len(stored) > 0 {
					// Stored only with those keys: allOf the model and them.
					require.Len(t, schema.AllOf, 2)
					assert.Equal(t, schemaRefs+e.RequestModel().String(), schema.AllOf[0].Ref)
					assert.Equal(t, stored, schema.AllOf[1].Required)
				} else {
					assert.Equal(t, schemaRefs+e.RequestModel().String(), schema.Ref)
				}
				statuses = append(statuses, "413", "415")
			} else {
				assert.Nil(t, op.RequestBody)
			}
			var got []string
			for s := range op.Responses {
				got = append(got, s)
			}
			slices.Sort(got)
			slices.Sort(statuses)
			assert.Equal(t, statuses, got)

			okResp := op.Responses[success]
			assert.Equal(t, schemaRefs+e.ResponseModel().String(), okResp.Content[mediaJSON].Schema.Ref)
			for _, r := range croschema.ResponseHeaderRules() {
				if r.Name != "content-type" { // the response's media type
					assert.Contains(t, okResp.Headers, r.Name)
					assert.Equal(t, r.Required, d.Comps.Headers[r.Name].Required, r.Name)
				}
			}
			_, hasLocation := okResp.Headers["location"]
			assert.Equal(t, e.Location().IsValid(), hasLocation, "Location")

			// The path item says what Allow lists.
			var itemDesc string
			require.NoError(t, json.Unmarshal(item["description"], &itemDesc))
			assert.Contains(t, itemDesc, "Allow: "+e.Allow()+".")
		})
	}
	for _, name := range []string{"customer_id", "customer_contact_id"} {
		p := d.Comps.Parameters[name]
		assert.Equal(t, "path", p.In)
		assert.True(t, p.Required)
		assert.Equal(t, "integer", p.Schema.Type)
		require.NotNil(t, p.Schema.Minimum)
		assert.Equal(t, int64(0), *p.Schema.Minimum)
		// A pattern applies to strings only: on an integer it does nothing.
		assert.Empty(t, p.Schema.Pattern, name)
	}
	for name, p := range d.Comps.Parameters {
		if p.Schema.Type == "integer" {
			assert.Empty(t, p.Schema.Pattern, name)
		}
	}
}

// storedKeys returns the keys that e's body must carry to be stored: those
// a Create without any key is refused for, as Contact reports them.
func storedKeys(e croschema.Endpoint) []string {
	if !e.Location().IsValid() {
		return nil
	}
	var keys []string
	_, err := (&croschema.CreateCustomerContact{}).Contact()
	var vs croschema.Violations
	if errors.As(err, &vs) {
		for _, v := range vs {
			keys = append(keys, strings.TrimPrefix(v.Location, "/"))
		}
	}
	return keys
}

// A header that both requests and responses carry has one schema, a
// shared component: ogen names a type after each inline enum, and two of
// one name do not generate.
func TestOpenAPISharedHeaderSchemas(t *testing.T) {
	d := decodeOpenAPI(t)
	for _, name := range []string{"x-api-version", "x-request-id"} {
		p, h := d.Comps.Parameters[name].Schema, d.Comps.Headers[name].Schema
		require.NotEmpty(t, p.Ref, name)
		assert.Equal(t, p.Ref, h.Ref, name)
		_, ok := d.Comps.Schemas[strings.TrimPrefix(p.Ref, schemaRefs)]
		assert.True(t, ok, "%s: %s", name, p.Ref)
	}
	v := d.Comps.Schemas["APIVersion"]
	require.Len(t, v.Enum, len(croschema.APIVersions()))
	for i, av := range croschema.APIVersions() {
		assert.Equal(t, av.String(), v.Enum[i])
	}
}

// emailShapePattern is the document's pattern of an email list: its shape.
const emailShapePattern = `^(?:|[^,@]+@[^,]+(?:,[^,@]+@[^,]+)*)$`

// The email pattern of the document rejects no valid list: the lists of
// the package's tests that it accepts include those outside any plain
// pattern (address literals, quoted local parts, internationalized
// domains), and it rejects only lists that no address can make valid.
func TestOpenAPIEmailPattern(t *testing.T) {
	re := regexp.MustCompile(emailShapePattern)
	for _, s := range []string{
		"", "a@example.com", " a@example.com , b@example.com\t", "user@[192.0.2.1]", "user@[2001:db8::1]",
		`"john.doe"@example.com`, `"a@b"@example.com`, `"a\ b"@example.com`, "user@bücher.example", "user@localhost",
		"\r\nuser@[192.0.2.1],\t\"x\"@bücher.example\n",
	} {
		require.True(t, croschema.ValidEmailList(s), "%q", s)
		assert.True(t, re.MatchString(s), "pattern rejects the valid %q", s)
	}
	for _, s := range []string{" ", ",", "a@example.com,", ",a@example.com", "a@example.com,,b@example.com", "alice", "@example.com", "alice@"} {
		require.False(t, croschema.ValidEmailList(s), "%q", s)
		assert.False(t, re.MatchString(s), "pattern accepts %q", s)
	}
}

// The error responses, by status: the component each operation refers
// to, and the field of its example (that of the violation which makes the
// status; none for 404 and 413, which no violation makes).
var errorResponses = []struct{ status, name, field string }{
	{"5XX", "ServerError", ""},
	{"400", "BadRequest", "CreateCustomerContactModel.user_id"},
	{"401", "Unauthorized", "StandardRequestHeadersModel.authorization"},
	{"403", "Forbidden", "StandardRequestHeadersModel.x-tenant-id"},
	{"404", "NotFound", ""},
	{"413", "PayloadTooLarge", ""},
	{"415", "UnsupportedMediaType", "StandardRequestHeadersModel.content-type"},
}

// Every error response carries the error body with an example, and the
// standard response headers; 401 says how to authenticate.
func TestOpenAPIErrorResponses(t *testing.T) {
	d := decodeOpenAPI(t)
	for _, e := range croschema.Endpoints() {
		var op oaOp
		require.NoError(t, json.Unmarshal(d.Paths[e.Path()][strings.ToLower(e.Method())], &op))
		for _, s := range errorResponses {
			if r, ok := op.Responses[s.status]; ok {
				assert.Equal(t, "#/components/responses/"+s.name, r.Ref, "%s %s", e.Name(), s.status)
			}
		}
	}
	for _, s := range errorResponses {
		var r struct {
			Headers map[string]json.RawMessage
			Content map[string]struct {
				Schema  oaRefObj
				Example json.RawMessage
			}
		}
		require.NoError(t, json.Unmarshal(d.Comps.Responses[s.name], &r), s.name)
		assert.Equal(t, schemaRefs+croschema.ModelAPIError.String(), r.Content[mediaJSON].Schema.Ref, s.name)
		require.NotEmpty(t, d.Comps.Responses[s.name], s.name)
		e, err := croschema.LintAPIError(r.Content[mediaJSON].Example)
		require.NoError(t, err, "%s example", s.name)
		assert.Equal(t, s.field, e.Field.String, "%s example", s.name)
		assert.NotEmpty(t, e.Detail, "%s example", s.name)
		assert.Contains(t, r.Headers, "x-api-version", s.name)
		assert.Contains(t, r.Headers, "x-request-id", s.name)
		_, ok := r.Headers["www-authenticate"]
		assert.Equal(t, s.status == "401", ok, s.name)
	}
}

// emailExamples returns the addresses a description shows, each with
// whether it says it is valid: every word holding an '@' with text on both
// sides, invalid when the word before it is "not".
func emailExamples(desc string) map[string]bool {
	out := map[string]bool{}
	words := strings.Fields(desc)
	for i, w := range words {
		w = strings.TrimRight(strings.TrimLeft(w, "("), "),;:.")
		at := strings.LastIndexByte(w, '@')
		if at <= 0 || at == len(w)-1 {
			continue
		}
		out[w] = i == 0 || words[i-1] != "not"
	}
	return out
}

// The addresses that the description of an email list shows are valid,
// or invalid where it says "not", as ValidEmailList decides: in the JSON
// Schema and the OpenAPI document of each model.
func TestEmailDescriptionExamples(t *testing.T) {
	descs := map[string]string{}
	for _, m := range []croschema.Model{croschema.ModelCustomerContact, croschema.ModelCreateCustomerContact, croschema.ModelUpdateCustomerContact} {
		data, err := m.JSONSchema()
		require.NoError(t, err)
		var s struct {
			Properties map[string]struct{ Description string }
		}
		require.NoError(t, json.Unmarshal(data, &s))
		descs["JSON Schema "+m.String()] = s.Properties["email"].Description
	}
	d := decodeOpenAPI(t)
	for name, s := range d.Comps.Schemas {
		if p, ok := s.Properties["email"]; ok {
			descs["OpenAPI "+name] = p.Description
		}
	}
	require.Len(t, descs, 6)
	for name, desc := range descs {
		examples := emailExamples(desc)
		assert.GreaterOrEqual(t, len(examples), 5, "%s: %q", name, desc)
		for addr, valid := range examples {
			assert.Equal(t, valid, croschema.ValidEmailList(addr), "%s: %q shown as valid: %v", name, addr, valid)
		}
	}
}
