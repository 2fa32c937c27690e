// Package croschema is the schema of the CRO Software REST API's customer
// contacts: its models, their validation, and the violations it reports.
package croschema
