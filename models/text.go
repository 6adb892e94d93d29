package models

import "strconv"

// maxQuoted is how much of a caller's value an error message repeats.
const maxQuoted = 64

// quote returns a short, quoted copy of a caller's value for an error message.
func quote(s string) string {
	r := []rune(s)
	if len(r) > maxQuoted {
		s = string(r[:maxQuoted]) + "…"
	}
	return strconv.Quote(s)
}

// itoa formats an index for a field location.
func itoa(i int) string { return strconv.Itoa(i) }
