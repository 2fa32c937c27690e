package bench

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/go-playground/validator/v10"
)

// A HeaderImpl is one way to parse and check the StandardRequestHeadersModel
// headers of a request: Check returns nil when it accepts them.
type HeaderImpl struct {
	Name  string
	Check func(h http.Header, method string) error
}

// HeaderImpls returns croschema's LintRequestHeaders and the straightforward
// validator/v10 approach.
func HeaderImpls() []HeaderImpl {
	return []HeaderImpl{
		{"croschema", checkHeadersCroschema},
		{"validator-v10", newHeadersValidatorV10()},
	}
}

func checkHeadersCroschema(h http.Header, method string) error {
	_, err := croschema.LintRequestHeaders(h, method)
	return err
}

// v10RequestHeaders is the struct a validator/v10 user would fill from
// h.Get: the values as strings, tagged with the documented rules. Unlike
// LintRequestHeaders it sees only the first of repeated headers, and
// validator's uuid tag wants lower-case hex.
type v10RequestHeaders struct {
	Authorization string `validate:"required,max=256,bearer"`
	ContentType   string `validate:"omitempty,max=256"`
	APIVersion    string `validate:"omitempty,oneof=2019/02/08 2021/04/07 2021/05/07 2021/08/02 2021/11/04 2023/04/19"`
	RequestID     string `validate:"omitempty,uuid"`
	TenantID      string `validate:"required,number"`
}

// bearerRE is the documented authorization pattern, verbatim, in any case.
var bearerRE = regexp.MustCompile(`(?i)^bearer [a-z0-9-_=]+.[a-z0-9-_=]+.?[a-z0-9-_.+/=]*$`)

var errContentType = errors.New("content-type: a request with a body must send application/json")

// newHeadersValidatorV10 returns h.Get into v10RequestHeaders, validator.Struct,
// strconv.ParseInt for the tenant id (parsing, as LintRequestHeaders does)
// and the content-type rule of requests with a body.
func newHeadersValidatorV10() func(http.Header, string) error {
	v := validator.New(validator.WithRequiredStructEnabled())
	err := v.RegisterValidation("bearer", func(fl validator.FieldLevel) bool {
		return bearerRE.MatchString(fl.Field().String())
	})
	if err != nil {
		panic(err)
	}
	return func(h http.Header, method string) error {
		hs := v10RequestHeaders{
			Authorization: h.Get("Authorization"),
			ContentType:   h.Get("Content-Type"),
			APIVersion:    h.Get("X-Api-Version"),
			RequestID:     h.Get("X-Request-Id"),
			TenantID:      h.Get("X-Tenant-Id"),
		}
		if err := v.Struct(&hs); err != nil {
			return err
		}
		if _, err := strconv.ParseInt(hs.TenantID, 10, 64); err != nil {
			return err
		}
		if method == http.MethodPost || method == http.MethodPatch {
			mt, _, _ := strings.Cut(hs.ContentType, ";")
			if !strings.EqualFold(strings.TrimSpace(mt), "application/json") {
				return errContentType
			}
		}
		return nil
	}
}
