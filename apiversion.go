package croschema

import (
	"cmp"
	"errors"
	"strconv"
)

// An APIVersion is a version of the CRO Software API, named by its date as
// the x-api-version header spells it: "2019/02/08", "2021/04/07",
// "2021/05/07", "2021/08/02", "2021/11/04" or "2023/04/19".
//
// APIVersion is comparable and ordered by date (see Compare). The zero
// APIVersion is not a valid version: it means "no version", and in
// [RequestHeaders] and [ResponseHeaders] "no x-api-version header"; its String
// and MarshalText are "".
type APIVersion uint8

// The API versions, oldest first.
const (
	V2019_02_08 APIVersion = iota + 1 // "2019/02/08", the default
	V2021_04_07                       // "2021/04/07"
	V2021_05_07                       // "2021/05/07"
	V2021_08_02                       // "2021/08/02"
	V2021_11_04                       // "2021/11/04"
	V2023_04_19                       // "2023/04/19", the latest
)

// DefaultAPIVersion is the version the API uses for a request without an
// x-api-version header: it answered such a request with
// "X-API-VERSION: 2019/02/08".
const DefaultAPIVersion = V2019_02_08

// LatestAPIVersion is the newest documented version, 2023/04/19.
const LatestAPIVersion = V2023_04_19

// apiVersionNames holds the spelling of each version, indexed by value.
var apiVersionNames = [...]string{
	V2019_02_08: "2019/02/08",
	V2021_04_07: "2021/04/07",
	V2021_05_07: "2021/05/07",
	V2021_08_02: "2021/08/02",
	V2021_11_04: "2021/11/04",
	V2023_04_19: "2023/04/19",
}

// APIVersions returns every API version, oldest first.
func APIVersions() []APIVersion {
	return []APIVersion{V2019_02_08, V2021_04_07, V2021_05_07, V2021_08_02, V2021_11_04, V2023_04_19}
}

// ParseAPIVersion parses a version exactly as the API spells it, such as
// "2019/02/08". Any other spelling is an error, including "2019/2/8",
// "2019-02-08", " 2019/02/08", an unknown date such as "2024/01/01", and "":
//
//	croschema: ParseAPIVersion("2019-02-08"): not a known API version
func ParseAPIVersion(s string) (APIVersion, error) {
	v, ok := parseAPIVersion(s)
	if !ok {
		return 0, &parseError{fn: "ParseAPIVersion", in: s, reason: "not a known API version"}
	}
	return v, nil
}

// parseAPIVersion is the one parser of versions, shared by [ParseAPIVersion],
// UnmarshalText and the x-api-version header rule. It never allocates.
func parseAPIVersion(s string) (APIVersion, bool) {
	if len(s) != len("2019/02/08") {
		return 0, false
	}
	for v := V2019_02_08; v <= LatestAPIVersion; v++ {
		if apiVersionNames[v] == s {
			return v, true
		}
	}
	return 0, false
}

// IsValid reports whether v is one of the documented versions.
func (v APIVersion) IsValid() bool {
	return V2019_02_08 <= v && v <= LatestAPIVersion
}

// String returns the version as the API spells it, such as "2019/02/08";
// "" for the zero APIVersion (no version, so that a zero [ResponseHeaders]
// prints as absent headers); and "invalid APIVersion" for any other value
// that is not valid.
func (v APIVersion) String() string {
	if v == 0 {
		return ""
	}
	if !v.IsValid() {
		return "invalid APIVersion"
	}
	return apiVersionNames[v]
}

// Compare returns an integer comparing v and w by date: -1 if v is older
// than w, 0 if they are the same, +1 if v is newer. Invalid values compare
// by their underlying number, so the zero APIVersion sorts before every
// version.
func (v APIVersion) Compare(w APIVersion) int {
	return cmp.Compare(v, w)
}

// MarshalText implements encoding.TextMarshaler. A valid version encodes as
// String does ("2019/02/08"); the zero APIVersion encodes as the empty string
// (no version), as netip.Addr does; any other value is an error.
func (v APIVersion) MarshalText() ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if !v.IsValid() {
		return nil, errors.New("croschema: APIVersion.MarshalText: invalid APIVersion " + strconv.Itoa(int(v)))
	}
	return []byte(apiVersionNames[v]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// [ParseAPIVersion] accepts, and the empty string, which sets the zero
// APIVersion (no version) so that MarshalText's output always round-trips.
func (v *APIVersion) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = 0
		return nil
	}
	p, err := ParseAPIVersion(string(text))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
