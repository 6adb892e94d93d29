package models

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// NewID returns a fresh opaque identifier: 20 lower-case characters from 96 random bits.
func NewID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // never fails: crypto/rand aborts the program instead
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
