package bleve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"market/search/internal/highlight"
)

// The cjk analyser makes each Chinese character a token of its own and
// joins each two adjacent ones into a bigram at consecutive positions, so
// a clause made of bigrams only (a two-character term, or a phrase of
// overlapping bigrams, as a run of Chinese characters becomes) matches
// exactly where its characters are written one after the other: it is
// found in the line as text, without analysing the line. Bleve marks each
// bigram, and the marks of one occurrence join into one.

// directText returns the Chinese text c matches wherever it is written,
// or "" when c is not made of bigrams of common Chinese characters.
func (c *hlClause) directText() string {
	if c.field != hlZH {
		return ""
	}
	switch c.kind {
	case hlTerm:
		if isHanBigram(c.term) {
			return c.term
		}
	case hlPhrase:
		var b strings.Builder
		for i, t := range c.phrase {
			if t.pos != i || !isHanBigram(t.term) {
				return ""
			}
			first, n := utf8.DecodeRuneInString(t.term)
			if i == 0 {
				b.WriteString(t.term)
			} else if prev := c.phrase[i-1].term; !strings.HasSuffix(prev, string(first)) {
				return ""
			} else {
				b.WriteString(t.term[n:])
			}
		}
		return b.String()
	}
	return ""
}

// hasHan reports whether a term of c holds a character of the CJK
// Unified Ideographs block.
func (c *hlClause) hasHan() bool {
	terms := []string{c.term, c.prefix}
	for _, t := range c.phrase {
		terms = append(terms, t.term)
	}
	for _, t := range terms {
		if strings.IndexFunc(t, isHan) >= 0 {
			return true
		}
	}
	return false
}

// isHan reports whether r is in the CJK Unified Ideographs block.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }

// hanParts returns the parts of line between characters of the CJK
// Unified Ideographs block. Unicode's word rules never join such a
// character to its neighbours, so the other tokens of the line are the
// tokens of its parts: clauses without such characters match the same
// there. ok is false when the line holds marks or format characters,
// which join the character before them.
func hanParts(line string) (parts []highlight.Span, ok bool) {
	start := 0
	for i, r := range line {
		switch {
		case isHan(r):
			if i > start {
				parts = append(parts, highlight.Span{Start: start, End: i})
			}
			start = i + utf8.RuneLen(r)
		case (r == 0xAD || r >= 0x300) && unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
			return nil, false
		}
	}
	if start < len(line) {
		parts = append(parts, highlight.Span{Start: start, End: len(line)})
	}
	return parts, true
}

// isHanBigram reports whether s is two characters of the CJK Unified
// Ideographs block, which Unicode's word rules never join to a neighbour.
func isHanBigram(s string) bool {
	n := 0
	for _, r := range s {
		if !isHan(r) {
			return false
		}
		n++
	}
	return n == 2
}

// directSpans appends the ranges of every occurrence of text in line,
// overlapping ones included.
func directSpans(line, text string, spans []highlight.Span) []highlight.Span {
	for from := 0; ; {
		i := strings.Index(line[from:], text)
		if i < 0 {
			return spans
		}
		at := from + i
		spans = append(spans, highlight.Span{Start: at, End: at + len(text)})
		_, n := utf8.DecodeRuneInString(line[at:])
		from = at + n
	}
}
