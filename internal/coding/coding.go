// Package coding decodes a message body by its Content-Encoding, for the
// layers that lint what they pass on (crohttp's transport, crolint proxy):
// a server may answer gzip to a client that asked for it, and the lint
// must read the JSON, not the compressed bytes.
package coding

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Decode returns body decoded by the Content-Encoding of h: as it is for
// none or identity, gunzipped for gzip and x-gzip. It fails for another
// coding, for data that is not gzip, and for data that decodes to more
// than limit bytes, so that a small compressed body cannot make the
// reader hold a large one. The error says why, quoting no data.
func Decode(h http.Header, body []byte, limit int) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding")))
	switch enc {
	case "", "identity":
		return body, nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, errors.New("content-encoding gzip: not gzip data")
		}
		plain, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
		switch {
		case err != nil:
			return nil, errors.New("content-encoding gzip: bad gzip data")
		case len(plain) > limit:
			return nil, errors.New("content-encoding gzip: larger than " + strconv.Itoa(limit) + " bytes once decoded")
		}
		return plain, nil
	}
	if len(enc) > 32 || strings.ContainsFunc(enc, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		return nil, errors.New("a content-encoding other than gzip, not decoded")
	}
	return nil, errors.New("content-encoding " + strconv.Quote(enc) + ": only gzip is decoded")
}
