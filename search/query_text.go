package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// maxQueryUnits is how many words of a query count, as in Meilisearch.
const maxQueryUnits = 10

// unit is one element of a query: a lower-cased word, or a run of adjacent
// CJK characters, which must appear as written.
type unit struct {
	text string
	cjk  bool
}

// synVariant is one spelling of a synonym group, segmented like a query.
type synVariant struct {
	text  string
	units []unit
	group int
}

// segmenter splits query text into units the way the Bleve index tokenizes
// text, and knows the index's synonyms. Both engines use it, so that they
// read a query the same way.
type segmenter struct {
	tokenizer analysis.Tokenizer
	// variants are every synonym spelling, longest (in units) first.
	variants []synVariant
	// groups lists, per synonym group, its variants.
	groups [][]synVariant
	// cjkKeys are the synonym spellings that are one CJK run, longest first.
	cjkKeys []string
}

// newSegmenter prepares the segmentation of queries for an index.
func newSegmenter(spec *IndexSpec) *segmenter {
	a := &segmenter{tokenizer: unicode.NewUnicodeTokenizer()}
	for g, group := range spec.Synonyms {
		var vs []synVariant
		for _, term := range group {
			units, _ := a.segment(term)
			if len(units) == 0 || slices.ContainsFunc(vs, func(v synVariant) bool { return slices.Equal(v.units, units) }) {
				continue
			}
			v := synVariant{text: strings.ToLower(term), units: units, group: g}
			vs = append(vs, v)
			if len(units) == 1 && units[0].cjk {
				a.cjkKeys = append(a.cjkKeys, units[0].text)
			}
		}
		a.groups = append(a.groups, vs)
		a.variants = append(a.variants, vs...)
	}
	slices.SortStableFunc(a.variants, func(x, y synVariant) int { return len(y.units) - len(x.units) })
	slices.SortStableFunc(a.cjkKeys, func(x, y string) int { return len(y) - len(x) })
	return a
}

// units segments a query: words and CJK runs, CJK runs cut around synonym
// spellings, at most maxQueryUnits of them. prefix reports whether the last
// unit is a word the text ends on, which then matches as a prefix.
func (a *segmenter) units(text string) ([]unit, bool) {
	units, prefix := a.segment(text)
	units = a.splitCJK(units)
	if len(units) > maxQueryUnits {
		units, prefix = units[:maxQueryUnits], false
	}
	return units, prefix
}

// isCJKKey reports whether run is a synonym spelling.
func (a *segmenter) isCJKKey(run string) bool { return slices.Contains(a.cjkKeys, run) }

// segment splits text into units the way the index tokenizes it. prefix
// reports whether the last unit is a word the text ends on (no space after
// it), which then matches as a prefix.
func (a *segmenter) segment(text string) (units []unit, prefix bool) {
	lastEnd := -1
	for _, t := range a.tokenizer.Tokenize([]byte(text)) {
		s := strings.ToLower(string(t.Term))
		if t.Type == analysis.Ideographic {
			if n := len(units); n > 0 && units[n-1].cjk && t.Start == lastEnd {
				units[n-1].text += s
				lastEnd = t.End
				continue
			}
			units = append(units, unit{text: s, cjk: true})
		} else {
			units = append(units, unit{text: s})
		}
		lastEnd = t.End
	}
	prefix = len(units) > 0 && !units[len(units)-1].cjk && lastEnd == len(text)
	return units, prefix
}

// splitCJK cuts CJK runs around the synonym spellings they contain, so that
// 物联网平台 is matched as 物联网 (and its synonyms) and 平台.
func (a *segmenter) splitCJK(units []unit) []unit {
	if len(a.cjkKeys) == 0 {
		return units
	}
	var out []unit
	for _, u := range units {
		if !u.cjk {
			out = append(out, u)
			continue
		}
		out = append(out, a.splitRun(u.text)...)
	}
	return out
}

// splitRun splits one CJK run at its earliest (then longest) synonym spelling.
func (a *segmenter) splitRun(run string) []unit {
	if run == "" {
		return nil
	}
	best, at := "", -1
	for _, key := range a.cjkKeys {
		if i := strings.Index(run, key); i >= 0 && (at < 0 || i < at) {
			best, at = key, i
		}
	}
	if at < 0 || best == run {
		return []unit{{text: run, cjk: true}}
	}
	var out []unit
	if at > 0 {
		out = append(out, unit{text: run[:at], cjk: true})
	}
	out = append(out, unit{text: best, cjk: true})
	return append(out, a.splitRun(run[at+len(best):])...)
}

// matchSynonym returns the longest synonym spelling the units start with.
func (a *segmenter) matchSynonym(units []unit) (synVariant, bool) {
	for _, v := range a.variants {
		if len(v.units) <= len(units) && slices.Equal(v.units, units[:len(v.units)]) {
			return v, true
		}
	}
	return synVariant{}, false
}
