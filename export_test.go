package croschema

// This file gives the tests of package croschema_test the internals they
// check: the API-level tests live there, as net/netip's do.

// BearerTokenOf returns the token whose value is s, unchecked, as the
// header parser stores it: the tests build invalid tokens with it too.
func BearerTokenOf(s string) BearerToken { return newBearerToken(s) }

// The unexported parts of the rules that the tests check directly.
const (
	BearerPattern     = bearerPattern
	BoolStringPattern = boolStringPattern
	EmailListPattern  = emailListPattern
	EndpointLast      = endpointLast
)

var (
	MatchBearer    = matchBearer
	ParseDigits    = parseDigits
	QuoteTrunc     = quoteTrunc
	RequestHasBody = requestHasBody
	UnquoteLenient = unquoteLenient
	JSONSchemaOf   = jsonSchema

	// From jsonscan_test.go: JSON texts on the edges of the grammar.
	JSONCases = jsonCases
)

// CheckBearerToken returns the code and detail of the first rule of the
// authorization header that s breaks, or "" and "".
func CheckBearerToken(s string) (Code, string) {
	_, fault, _ := checkBearerToken(s)
	return fault.code, fault.detail
}

// The endpoint table and the whole-message lint's internals.
const (
	CORSAllowHeaders = corsAllowHeaders
	MaxPathParams    = maxPathParams
)

// TemplateParams returns the parameter names of every path template, by
// path.
func TemplateParams() map[string][]string {
	out := map[string][]string{}
	for _, t := range pathTemplates {
		out[t.path] = t.params
	}
	return out
}

// HasPathParam reports whether PathParams has a field for the parameter.
func HasPathParam(name string) bool { return (&PathParams{}).param(name) != nil }
