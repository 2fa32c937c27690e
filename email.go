package croschema

import "github.com/croschema/croschema/internal/emailaddr"

// isEmailAddress reports whether s is one address that Django 3.2's
// EmailValidator accepts (SPEC "Email lists", step 4).
func isEmailAddress(s string) bool { return emailaddr.Valid(s) }
