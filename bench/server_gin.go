package bench

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/croschema/croschema"
	"github.com/croschema/croschema/crohttp"
	"github.com/croschema/croschema/crovalidator"
	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"
	"github.com/go-playground/validator/v10"
)

// croschema's validator/v10 bridge, in one place: it is moving to its own
// package, and then these two lines are all that change.
var (
	registerValidations     = crovalidator.Register
	violationsFromValidator = crovalidator.Violations
)

// newGinServer is the gin peer: gin's router, ginCheck at the start of each
// handler for the headers and path parameters, and ShouldBindJSON of the
// body into croschema's models, whose binding: tags gin's validator checks
// with croschema's rules registered on it. The models decode tolerantly
// (with their own UnmarshalJSON, which gin's
// binding.EnableDecoderDisallowUnknownFields cannot reach), so unknown keys
// pass. It sets gin's release mode, process-wide.
func newGinServer(stored croschema.CustomerContact) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	v, ok := binding.Validator.Engine().(*validator.Validate)
	if !ok {
		return nil, errors.New("gin's validator is not validator/v10")
	}
	if err := registerValidations(v); err != nil {
		return nil, err
	}
	id := strconv.FormatInt(stored.ID, 10)
	r := gin.New()
	const collection = "/customers/:customer_id/contacts"
	const contact = collection + "/:customer_contact_id"
	r.GET(contact, func(c *gin.Context) {
		if _, ok := ginCheck(c); ok {
			c.JSON(http.StatusOK, &stored)
		}
	})
	r.PATCH(contact, func(c *gin.Context) {
		var body croschema.UpdateCustomerContact
		if _, ok := ginCheck(c); ok && ginBind(c, &body) {
			c.JSON(http.StatusOK, &stored)
		}
	})
	r.POST(collection, func(c *gin.Context) {
		var body croschema.CreateCustomerContact
		if p, ok := ginCheck(c); ok && ginBind(c, &body) {
			c.Header("Location", "/customers/"+strconv.FormatInt(p.CustomerID, 10)+"/contacts/"+id)
			c.JSON(http.StatusOK, &stored)
		}
	})
	return r, nil
}

// ginHeaders are the request headers that gin's ShouldBindHeader checks
// (authorization and the presence of x-tenant-id come first, in ginCheck).
type ginHeaders struct {
	TenantID   int64  `header:"X-Tenant-Id" binding:"min=0"`
	APIVersion string `header:"X-Api-Version" binding:"omitempty,oneof=2019/02/08 2021/04/07 2021/05/07 2021/08/02 2021/11/04 2023/04/19"`
	RequestID  string `header:"X-Request-Id" binding:"omitempty,uuid"`
}

// ginPath is the path parameters, for ShouldBindUri; POST's has no
// customer_contact_id.
type ginPath struct {
	CustomerID int64 `uri:"customer_id" binding:"min=0"`
	ContactID  int64 `uri:"customer_contact_id" binding:"min=0"`
}

// ginCheck checks what comes before the body in RULES.md's order (401,
// 403, 415, then 400 for the other headers and the path parameters),
// answers the first failure and reports false, or returns the path
// parameters.
func ginCheck(c *gin.Context) (ginPath, bool) {
	var p ginPath
	var h ginHeaders
	switch {
	case !validAuthorization(c.GetHeader("Authorization")):
		ginError(c, http.StatusUnauthorized, errAuthorization.Error())
	case len(c.Request.Header.Values("X-Tenant-Id")) == 0:
		ginError(c, http.StatusForbidden, "x-tenant-id is required")
	case (c.Request.Method == http.MethodPost || c.Request.Method == http.MethodPatch) &&
		c.GetHeader("Content-Type") != "" && !strings.EqualFold(c.ContentType(), "application/json"):
		ginError(c, http.StatusUnsupportedMediaType, "content-type is not application/json")
	default:
		if err := c.ShouldBindHeader(&h); err != nil {
			ginError(c, http.StatusBadRequest, err.Error())
		} else if err := c.ShouldBindUri(&p); err != nil {
			ginError(c, http.StatusBadRequest, err.Error())
		} else {
			return p, true
		}
	}
	return p, false
}

// ginBind binds the request body into dst with ShouldBindJSON: gin's
// encoding/json decoder, then croschema's rules by the binding: tags,
// whose violations become the API's error body. It answers a failure and
// reports false.
func ginBind(c *gin.Context, dst any) bool {
	err := c.ShouldBindJSON(dst)
	if err == nil {
		return true
	}
	if vs := violationsFromValidator(err); vs != nil {
		crohttp.WriteError(c.Writer, crohttp.ErrorFromViolations(vs))
		c.Abort()
		return false
	}
	ginError(c, http.StatusBadRequest, err.Error()) // encoding/json could not decode it
	return false
}

func ginError(c *gin.Context, status int, detail string) {
	writeAPIError(c.Writer, status, detail)
	c.Abort()
}
