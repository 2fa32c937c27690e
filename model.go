package croschema

// A Model names one of the API's body models. The zero Model is ModelNone:
// no body (the Get Contact request).
type Model uint8

// The body models.
const (
	ModelNone                  Model = iota // no body
	ModelCustomerContact                    // CustomerContactModel: the Get Contact response
	ModelCreateCustomerContact              // CreateCustomerContactModel: the POST body
	ModelUpdateCustomerContact              // UpdateCustomerContactModel: the PATCH body
	ModelAPIError                           // the API's error body {field, detail, explanation}
)

var modelNames = [...]string{
	ModelNone:                  "",
	ModelCustomerContact:       "CustomerContactModel",
	ModelCreateCustomerContact: "CreateCustomerContactModel",
	ModelUpdateCustomerContact: "UpdateCustomerContactModel",
	ModelAPIError:              "ErrorModel",
}

// String returns the name the server uses for the model, such as
// "CustomerContactModel", "" for ModelNone, or "invalid Model" for a value
// that names no model.
func (m Model) String() string {
	if int(m) < len(modelNames) {
		return modelNames[m]
	}
	return "invalid Model"
}
