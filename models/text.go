package models

import (
	"html"
	"strconv"
	"strings"
)

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

// RenderText turns plain text into safe HTML for display: every character is
// escaped, blank lines separate paragraphs and single line breaks become <br>.
// No markup from the text survives.
func RenderText(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>")
			}
			b.WriteString(html.EscapeString(line))
		}
		b.WriteString("</p>")
	}
	return b.String()
}
