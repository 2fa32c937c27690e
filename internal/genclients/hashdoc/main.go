// Command hashdoc records which OpenAPI document a package was generated
// from: it writes the SHA-256 of the file named by its first argument,
// in hexadecimal and followed by a newline, to the file named by its
// second. TestGeneratedFromDocument compares the record with the document.
//
//	go run ../hashdoc ../../../openapi.json openapi.json.sha256
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: hashdoc DOCUMENT RECORD")
		os.Exit(2)
	}
	doc, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "hashdoc:", err)
		os.Exit(1)
	}
	sum := sha256.Sum256(doc)
	if err := os.WriteFile(os.Args[2], []byte(hex.EncodeToString(sum[:])+"\n"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "hashdoc:", err)
		os.Exit(1)
	}
}
