package croschema

import "strings"

// TEMPORARY until internal/emailaddr lands.
func isEmailAddress(s string) bool { return strings.Count(s, "@") == 1 && !strings.HasPrefix(s, "@") && !strings.HasSuffix(s, "@") && !strings.ContainsAny(s, " ") }
