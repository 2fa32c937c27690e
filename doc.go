// Package croschema is the schema of the CRO Software REST API's customer
// contacts: the body models of Get, Create and Update Contact, the standard
// request and response headers, API versions, roles and endpoints, with
// validation exact to the API's documented rules and stable violation
// codes.
//
// # Two ways in
//
// LintContact, LintCreateContact, LintUpdateContact and LintAPIError check
// raw bytes strictly, in one pass, and report every violation: each has a
// location (a JSON Pointer such as "/email"), the server's field name
// ("CustomerContactModel.email"), a stable Code and a one-line detail. The
// error they return is nil or a Violations.
//
// json.Unmarshal into the model types is tolerant, for clients reading
// responses: booleans in every documented form, unknown keys ignored, the
// last of duplicate keys kept, invalid UTF-8 replaced with U+FFFD, and JSON
// null leaving the value as it was (encoding/json's convention). Call
// Validate afterwards for the value rules. Validate does not allocate on a
// valid value.
//
// validator/v10 users register the same rules on their own validator with
// RegisterValidations; the model types carry the tags, as `validate:` and
// as `binding:` (gin's validator reads those), and ViolationsFromValidator
// turns the validator's error into the violations Validate reports. Binding
// decodes tolerantly: a server lints the raw body first to see unknown and
// duplicate keys, invalid UTF-8 and trailing data (the gin, echo and chi
// servers of the examples module do).
//
// # Grammar
//
// A body is one JSON object (RFC 8259, exactly what encoding/json accepts,
// which is at most 10,000 arrays and objects open at once, the body's own
// counted) with nothing but white space after it. Keys match case-sensitively;
// escapes are decoded first ("n\u0061me" is name). "Characters" are
// Unicode code points, counted after escapes are decoded.
//
//	boolean    = true / false / 0 / 1 / "0" / "1" / "true" / "false"   ; strings in any letter case
//	email list = "" / null / item *("," item)                            ; at most 256 characters
//	item       = *WSP address *WSP                                       ; WSP: space, tab, CR, LF
//	address    = what Django 3.2's EmailValidator accepts
//	integer    = ["-"] ("0" / %x31-39 *DIGIT)                            ; fits int64
//
// # Decisions where the API's documentation is silent
//
//   - A key given twice is a duplicate_key violation; the lint keeps the
//     first value. Invalid UTF-8, and a \u escape of an unpaired surrogate,
//     are invalid_utf8.
//   - Once a document stops being JSON the one violation is syntax (at
//     location ""): nothing else about the rest is meaningful. Data after a
//     well-formed object is a syntax violation beside the object's own.
//   - A body that is not an object is one violation at "": null for null,
//     type for anything else; no key is then reported missing.
//   - Each invalid item of an email list is its own email violation, and
//     its detail names the item's 1-based position.
//   - Keys inside the value of an unknown key are not checked.
//   - A document reports at most 1000 violations (MaxViolations); when it
//     has more, the 1000 are followed by one violation of code limit at ""
//     ("more than 1000 violations; the rest are not reported"), and the
//     rest is only scanned for a syntax error, which still stands alone.
//     So a hostile document costs memory in proportion to its size, never
//     to its violations. The same holds for headers.
//   - -0 is a valid integer (0) for id, but not a boolean.
//
// For headers and endpoints:
//
//   - The authorization pattern is matched verbatim (its unescaped dots
//     match any character but a newline, so "Bearer abc.def" and even
//     "Bearer eyJhbGciOiJIUzI1NiJ9" match) with ASCII-only letter case, and
//     $ is the end of the text (Python's $ also matches before a final
//     newline; the server never sees one, HTTP trims it).
//   - A header given more than once is one duplicate_key violation, and
//     each distinct value is still checked; an empty value is a present
//     header that breaks its own rule, not a missing one.
//   - On POST and PATCH the media type of content-type (before any ';')
//     must be application/json in any letter case; parameters are not
//     checked. A body request without content-type passes: RULES.md does not
//     require the header.
//   - A path may end in one '/', its query string is ignored, nothing is
//     percent-decoded ("%31" is not an integer), and integers may have
//     leading zeros ("007" is 7).
//
// Known, deliberate difference from the server: Python's case-insensitive
// regular expressions match U+0130, U+0131, U+017F and U+212A against
// [A-Z], so Django accepts them in an address's local part ("ſ@example.com");
// this package reads [A-Z] as ASCII only and rejects them there (RULES.md
// "Email lists"). In a domain it matches Django exactly: they count as
// letters before IDNA is tried, so "a@xn--ı.com" and a 63-character label
// of 62 "x" and "ı" are accepted.
package croschema
