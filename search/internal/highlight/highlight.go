// Package highlight makes the highlights both search engines return:
// HTML-escaped text with <mark> around matches and no other markup, safe
// to insert as HTML, cut to an excerpt around the first match when a
// search.Crop asks for it.
package highlight

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"market/search"
)

// MarkOpen and MarkClose are the only markup a highlight may contain, around
// each match.
const (
	MarkOpen  = "<mark>"
	MarkClose = "</mark>"
)

// Window returns the characters [from, to) of a text the excerpt c keeps
// when its first match starts at character first (-1 for none).
func Window(c search.Crop, first int) (from, to int) {
	from = max(first-c.Before, 0)
	return from, from + c.Length
}

// Crop cuts a highlight (HTML-escaped text with <mark> around matches)
// longer than c.Length characters. The result is built again from the
// unescaped text, so it stays escaped text with balanced <mark> tags only.
func Crop(c search.Crop, h string) string {
	if c.Length <= 0 {
		return h
	}
	type part struct {
		text string
		mark bool
	}
	var parts []part
	total, first := 0, -1
	for rest, mark := h, false; rest != ""; mark = !mark {
		tag := MarkOpen
		if mark {
			tag = MarkClose
		}
		i := strings.Index(rest, tag)
		if i < 0 {
			i = len(rest)
		}
		text := html.UnescapeString(rest[:i])
		if mark && first < 0 {
			first = total
		}
		parts = append(parts, part{text, mark})
		total += utf8.RuneCountInString(text)
		rest = strings.TrimPrefix(rest[i:], tag)
	}
	if total <= c.Length {
		return h
	}
	from, to := Window(c, first)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := 0
	for _, p := range parts {
		runes := []rune(p.text)
		lo, hi := max(from-pos, 0), min(to-pos, len(runes))
		pos += len(runes)
		if lo >= hi {
			continue
		}
		if p.mark {
			b.WriteString(MarkOpen + html.EscapeString(string(runes[lo:hi])) + MarkClose)
		} else {
			b.WriteString(html.EscapeString(string(runes[lo:hi])))
		}
	}
	if to < total {
		b.WriteString("…")
	}
	return b.String()
}

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Mark returns text HTML-escaped with <mark> around the given byte
// ranges. Ranges are merged when they overlap or touch; ranges that are out
// of bounds or cut a UTF-8 sequence are ignored.
func Mark(text string, spans []Span) string {
	merged := mergeSpans(text, spans)
	var b strings.Builder
	b.Grow(len(text) + 16*len(merged))
	writeMarked(&b, text, merged)
	return b.String()
}

// mergeSpans returns the valid ranges of text among spans (in bounds, not
// cutting a UTF-8 sequence), in order, those that overlap or touch merged.
func mergeSpans(text string, spans []Span) []Span {
	valid := make([]Span, 0, len(spans))
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End ||
			!boundary(text, s.Start) || !boundary(text, s.End) {
			continue
		}
		valid = append(valid, s)
	}
	sort.Slice(valid, func(i, j int) bool { return valid[i].Start < valid[j].Start })
	merged := valid[:0]
	for _, s := range valid {
		if n := len(merged); n > 0 && s.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, s.End)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// writeMarked writes text HTML-escaped with <mark> around merged, which
// mergeSpans made.
func writeMarked(b *strings.Builder, text string, merged []Span) {
	pos := 0
	for _, s := range merged {
		b.WriteString(html.EscapeString(text[pos:s.Start]))
		b.WriteString(MarkOpen)
		b.WriteString(html.EscapeString(text[s.Start:s.End]))
		b.WriteString(MarkClose)
		pos = s.End
	}
	b.WriteString(html.EscapeString(text[pos:]))
}

// MarkCropped returns what Crop(c, Mark(text, spans)) does, without
// escaping and parsing the whole text: the excerpt is cut from text first.
func MarkCropped(c search.Crop, text string, spans []Span) string {
	total := utf8.RuneCountInString(text)
	if c.Length <= 0 || total <= c.Length {
		return Mark(text, spans)
	}
	merged := mergeSpans(text, spans)
	first := -1
	if len(merged) > 0 {
		first = utf8.RuneCountInString(text[:merged[0].Start])
	}
	from, to := Window(c, first)
	lo, hi := RuneOffset(text, from), RuneOffset(text, to)
	window := make([]Span, 0, len(merged))
	for _, s := range merged {
		if s.Start, s.End = max(s.Start, lo), min(s.End, hi); s.Start < s.End {
			window = append(window, Span{s.Start - lo, s.End - lo})
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	writeMarked(&b, text[lo:hi], window)
	if to < total {
		b.WriteString("…")
	}
	return b.String()
}

// RuneOffset returns the byte offset of character n of text (its length
// when it has no more).
func RuneOffset(text string, n int) int {
	for i := range text {
		if n == 0 {
			return i
		}
		n--
	}
	return len(text)
}

// boundary reports whether i is at the start of a UTF-8 sequence in s (or its end).
func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

// spansFromTagged recovers the highlighted ranges of original from formatted,
// which is original with pre and post inserted around matches (as
// Meilisearch returns it). Text that merely looks like a tag but is part of
// original stays text. It reports false when formatted is not original with
// tags inserted.
func spansFromTagged(formatted, original, pre, post string) ([]Span, bool) {
	var spans []Span
	i, j, open := 0, 0, -1
	for i < len(formatted) {
		rest := formatted[i:]
		switch {
		case j < len(original) && formatted[i] == original[j] &&
			!(strings.HasPrefix(rest, pre) && open < 0 && !strings.HasPrefix(original[j:], pre)) &&
			!(strings.HasPrefix(rest, post) && open >= 0 && !strings.HasPrefix(original[j:], post)):
			i++
			j++
		case open < 0 && strings.HasPrefix(rest, pre):
			open = j
			i += len(pre)
		case open >= 0 && strings.HasPrefix(rest, post):
			if j > open {
				spans = append(spans, Span{open, j})
			}
			open = -1
			i += len(post)
		default:
			return nil, false
		}
	}
	if j != len(original) {
		return nil, false
	}
	if open >= 0 && j > open {
		spans = append(spans, Span{open, j})
	}
	return spans, true
}

// splitTagged is the fallback when the original text is unknown: it treats
// every pre and post in formatted as a tag and escapes everything else.
func splitTagged(formatted, pre, post string) string {
	var b strings.Builder
	open := false
	for len(formatted) > 0 {
		tag := pre
		if open {
			tag = post
		}
		k := strings.Index(formatted, tag)
		if k < 0 {
			break
		}
		b.WriteString(html.EscapeString(formatted[:k]))
		if open {
			b.WriteString(MarkClose)
		} else {
			b.WriteString(MarkOpen)
		}
		open = !open
		formatted = formatted[k+len(tag):]
	}
	b.WriteString(html.EscapeString(formatted))
	if open {
		b.WriteString(MarkClose)
	}
	return b.String()
}

// Tagged turns a tagged text from an engine into a safe highlight; extra
// are more ranges of original to mark, when the tags can be read against it.
func Tagged(formatted, original, pre, post string, extra ...Span) string {
	if original != "" {
		if spans, ok := spansFromTagged(formatted, original, pre, post); ok {
			return Mark(original, append(spans, extra...))
		}
	}
	return splitTagged(formatted, pre, post)
}
