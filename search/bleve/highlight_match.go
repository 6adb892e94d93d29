package bleve

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"market/search"
	"market/search/internal/highlight"
)

// highlighter marks, in stored texts, the terms a query's clauses match.
type highlighter struct {
	a       *textAnalyzer
	clauses []hlClause
	// needles[i] are what a line must contain for clauses[i] to match
	// there (see highlight_needles.go).
	needles []needles
	// direct[i], when not empty, is the Chinese text clauses[i] matches
	// wherever it is written (see highlight_direct.go).
	direct []string
	// hanFree says that the other clauses hold no Chinese character: they
	// can be matched in the parts of a line between Chinese characters.
	hanFree bool
}

// newHighlighter compiles a query text for highlighting.
func (a *textAnalyzer) newHighlighter(text string) *highlighter {
	h := &highlighter{a: a, clauses: a.highlightClauses(text)}
	h.hanFree = true
	for i := range h.clauses {
		c := &h.clauses[i]
		h.needles = append(h.needles, c.needles())
		h.direct = append(h.direct, c.directText())
		h.hanFree = h.hanFree && (h.direct[i] != "" || !c.hasHan())
	}
	return h
}

// highlight returns text HTML-escaped, with <mark> around the terms the
// query matches, cut by crop. The text is analysed line by line, and only
// with the analysers whose terms the query could match on the line, so a
// phrase is marked within a line only; once the first match is found,
// lines past the end of the excerpt crop keeps are not analysed at all.
func (h *highlighter) highlight(text string, crop search.Crop) string {
	if len(h.clauses) == 0 || text == "" {
		return highlight.MarkCropped(crop, text, nil)
	}
	var spans []highlight.Span
	limit := len(text)
	for start := 0; start < limit; {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		found := len(spans) > 0
		spans = h.highlightLine(text[start:end], start, spans)
		if crop.Length > 0 && !found && len(spans) > 0 {
			limit = excerptEnd(text, spans, crop)
		}
		start = end + 1
	}
	return highlight.MarkCropped(crop, text, spans)
}

// excerptEnd returns the byte offset in text where the excerpt crop keeps
// ends, given the spans of the line of the first match.
func excerptEnd(text string, spans []highlight.Span, crop search.Crop) int {
	first := spans[0].Start
	for _, s := range spans[1:] {
		first = min(first, s.Start)
	}
	_, to := highlight.Window(crop, utf8.RuneCountInString(text[:first]))
	return highlight.RuneOffset(text, to)
}

// highlightLine appends the spans of one line, which starts at offset.
// Clauses matching Chinese text directly find it in the line; the others
// are matched in the line, or, when they hold no Chinese character, in
// each part of it between Chinese characters (see hanParts).
func (h *highlighter) highlightLine(line string, offset int, spans []highlight.Span) []highlight.Span {
	exact := foldsAlone(line)
	from := len(spans)
	if exact {
		for _, text := range h.direct {
			if text != "" {
				spans = directSpans(line, text, spans)
			}
		}
	}
	var parts []highlight.Span
	split := exact && h.hanFree
	if split {
		parts, split = hanParts(line)
	}
	if !split {
		parts = []highlight.Span{{Start: 0, End: len(line)}}
	}
	for _, p := range parts {
		spans = h.analysed(line[p.Start:p.End], exact, p.Start, spans)
	}
	for i := from; i < len(spans); i++ {
		spans[i].Start += offset
		spans[i].End += offset
	}
	return spans
}

// analysed appends the spans, offset by offset, of the clauses that are
// not matched directly in text, analysing it only with the analysers of
// those whose needles its folded forms hold (all of them when text is not
// exact: needles say nothing there).
func (h *highlighter) analysed(text string, exact bool, offset int, spans []highlight.Span) []highlight.Span {
	var zhNeed, enNeed bool
	var zhText, enText string
	if exact {
		zhText, enText = fold(text)
	}
	for i := range h.clauses {
		if exact && h.direct[i] != "" {
			continue
		}
		if c := &h.clauses[i]; c.field == hlZH && !zhNeed {
			zhNeed = !exact || h.needles[i].in(zhText)
		} else if c.field == hlEN && !enNeed {
			enNeed = !exact || h.needles[i].in(enText)
		}
	}
	if !zhNeed && !enNeed {
		return spans
	}
	zh, en := h.a.analyzeBoth(text, zhNeed, enNeed)
	from := len(spans)
	for i := range h.clauses {
		if c := &h.clauses[i]; !exact || h.direct[i] == "" {
			toks := zh
			if c.field == hlEN {
				toks = en
			}
			spans = c.match(toks, spans)
		}
	}
	for i := from; i < len(spans); i++ {
		spans[i].Start += offset
		spans[i].End += offset
	}
	return spans
}

// match appends the byte ranges of the tokens c matches.
func (c *hlClause) match(toks []hlToken, spans []highlight.Span) []highlight.Span {
	if c.kind == hlPhrase {
		return c.matchPhrase(toks, spans)
	}
	for _, t := range toks {
		var ok bool
		switch c.kind {
		case hlTerm:
			ok = string(t.term) == c.term
		case hlPrefix:
			ok = len(t.term) >= len(c.term) && string(t.term[:len(c.term)]) == c.term
		case hlFuzzy:
			ok = len(t.term) >= len(c.prefix) && string(t.term[:len(c.prefix)]) == c.prefix && withinEdits(t.term, c.term, c.budget)
		}
		if ok {
			spans = append(spans, highlight.Span{Start: t.start, End: t.end})
		}
	}
	return spans
}

// matchPhrase appends the ranges of every occurrence of the phrase: its
// first term followed by the others at their relative positions.
func (c *hlClause) matchPhrase(toks []hlToken, spans []highlight.Span) []highlight.Span {
	for i, t := range toks {
		if string(t.term) != c.phrase[0].term {
			continue
		}
		found := []highlight.Span{{Start: t.start, End: t.end}}
		for _, pt := range c.phrase[1:] {
			at := tokenAt(toks[i:], t.pos+pt.pos, pt.term)
			if at < 0 {
				found = nil
				break
			}
			found = append(found, highlight.Span{Start: toks[i+at].start, End: toks[i+at].end})
		}
		spans = append(spans, found...)
	}
	return spans
}

// tokenAt returns the index in toks (ordered by position) of a token with
// the term at the position, or -1.
func tokenAt(toks []hlToken, pos int, term string) int {
	i, _ := slices.BinarySearchFunc(toks, pos, func(t hlToken, p int) int { return t.pos - p })
	for ; i < len(toks) && toks[i].pos == pos; i++ {
		if string(toks[i].term) == term {
			return i
		}
	}
	return -1
}

// withinEdits reports whether a and b are at most budget insertions,
// deletions, substitutions of characters or swaps of two adjacent ones
// apart, as Bleve's fuzzy automaton counts (Levenshtein with
// transpositions).
func withinEdits(a []byte, b string, budget int) bool {
	if string(a) == b {
		return true
	}
	// A character is 1 to 4 bytes: lengths this far apart cannot be close.
	if d := len(a) - len(b); d > 4*budget || -d > 4*budget {
		return false
	}
	var bufA, bufB [32]rune
	ra, rb := appendRunes(bufA[:0], a), bufB[:0]
	for _, r := range b {
		rb = append(rb, r)
	}
	if d := len(ra) - len(rb); d > budget || -d > budget {
		return false
	}
	var rowT, rowP, rowC [33]int
	older, prev, cur := rowT[:0], rowP[:0], rowC[:0]
	if len(rb)+1 > len(rowP) {
		older, prev, cur = make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1), make([]int, 0, len(rb)+1)
	}
	older, prev, cur = older[:len(rb)+1], prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], older[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > budget {
			return false
		}
		older, prev, cur = prev, cur, older
	}
	return prev[len(rb)] <= budget
}

// appendRunes appends the characters of b to out.
func appendRunes(out []rune, b []byte) []rune {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		out = append(out, r)
		b = b[n:]
	}
	return out
}

// analyzeBoth returns text's terms as the cjk (when zh) and the English
// (when en) analysers index them, each ordered by position. The text is
// tokenized once when it can be (see analyzePair); the cjk terms of ASCII
// text are its tokens lower-cased, which is all the cjk filters do to them.
func (a *textAnalyzer) analyzeBoth(text string, zh, en bool) (zhToks, enToks []hlToken) {
	if zc, ec, shared := sharedTokenizer(a.cjk, a.english); zh && shared && isASCII(text) {
		stream := zc.Tokenizer.Tokenize([]byte(text))
		zhToks = make([]hlToken, len(stream))
		for i, t := range stream {
			zhToks[i] = hlToken{field: hlZH, term: bytes.ToLower(t.Term), pos: t.Position, start: t.Start, end: t.End}
		}
		if en {
			enToks = hlTokens(filterTokens(stream, ec.TokenFilters), hlEN)
		}
		return zhToks, enToks
	}
	switch {
	case zh && en:
		z, e := analyzePair(a.cjk, a.english, []byte(text))
		return hlTokens(z, hlZH), hlTokens(e, hlEN)
	case zh:
		return hlTokens(a.cjk.Analyze([]byte(text)), hlZH), nil
	case en:
		return nil, hlTokens(a.english.Analyze([]byte(text)), hlEN)
	}
	return nil, nil
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// filterTokens applies token filters in order.
func filterTokens(stream analysis.TokenStream, filters []analysis.TokenFilter) analysis.TokenStream {
	for _, f := range filters {
		stream = f.Filter(stream)
	}
	return stream
}

// hlTokens converts a token stream, ordered by position.
func hlTokens(stream analysis.TokenStream, field hlField) []hlToken {
	out := make([]hlToken, len(stream))
	for i, t := range stream {
		out[i] = hlToken{field: field, term: t.Term, pos: t.Position, start: t.Start, end: t.End}
	}
	slices.SortStableFunc(out, func(x, y hlToken) int { return x.pos - y.pos })
	return out
}
