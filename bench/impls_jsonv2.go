//go:build goexperiment.jsonv2

package bench

import jsonv2 "encoding/json/v2"

func init() {
	experimentImpls = append(experimentImpls, Impl{ImplJSONV2, checkJSONV2})
}

// checkJSONV2 is encoding/json/v2 into plainContact, rejecting unknown
// keys: the closest the standard library comes to the lint with no value
// checks. By default json/v2 also rejects duplicate keys and invalid UTF-8.
func checkJSONV2(data []byte) error {
	var c plainContact
	return jsonv2.Unmarshal(data, &c, jsonv2.RejectUnknownMembers(true))
}
