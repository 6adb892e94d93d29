// Package querytext reads query text for the search engines: it splits it
// into words and runs of Chinese characters the way the Bleve index
// tokenizes text, and finds an index's synonyms in it. Both engines read
// queries through it, so that they find the same documents.
package querytext

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"market/search"
)

// maxQueryUnits is how many words of a query count, as in Meilisearch.
const maxQueryUnits = 10

// Unit is one element of a query: a lower-cased word, or a run of adjacent
// CJK characters (CJK), which must appear as written.
type Unit struct {
	Text string
	CJK  bool
}

// Variant is one spelling of a synonym group: its text lower-cased, its
// units as a query's, and the group's index in the spec's Synonyms.
type Variant struct {
	Text  string
	Units []Unit
	Group int
}

// Segmenter splits query text into units the way the Bleve index tokenizes
// text, and knows the index's synonyms. Both engines use it, so that they
// read a query the same way.
type Segmenter struct {
	tokenizer analysis.Tokenizer
	// Variants are every synonym spelling, longest (in units) first.
	Variants []Variant
	// Groups lists, per synonym group, its variants.
	Groups [][]Variant
	// cjkKeys are the synonym spellings that are one CJK run, longest first.
	cjkKeys []string
}

// New prepares the segmentation of queries for an index.
func New(spec *search.IndexSpec) *Segmenter {
	a := &Segmenter{tokenizer: unicode.NewUnicodeTokenizer()}
	for g, group := range spec.Synonyms {
		var vs []Variant
		for _, term := range group {
			units, _ := a.segment(term)
			if len(units) == 0 || slices.ContainsFunc(vs, func(v Variant) bool { return slices.Equal(v.Units, units) }) {
				continue
			}
			v := Variant{Text: strings.ToLower(term), Units: units, Group: g}
			vs = append(vs, v)
			if len(units) == 1 && units[0].CJK {
				a.cjkKeys = append(a.cjkKeys, units[0].Text)
			}
		}
		a.Groups = append(a.Groups, vs)
		a.Variants = append(a.Variants, vs...)
	}
	slices.SortStableFunc(a.Variants, func(x, y Variant) int { return len(y.Units) - len(x.Units) })
	slices.SortStableFunc(a.cjkKeys, func(x, y string) int { return len(y) - len(x) })
	return a
}

// Units segments a query: words and CJK runs, CJK runs cut around synonym
// spellings, at most maxQueryUnits of them. prefix reports whether the last
// unit is a word the text ends on, which then matches as a prefix.
func (a *Segmenter) Units(text string) ([]Unit, bool) {
	units, prefix := a.segment(text)
	units = a.splitCJK(units)
	if len(units) > maxQueryUnits {
		units, prefix = units[:maxQueryUnits], false
	}
	return units, prefix
}

// Words splits document text into units the way the index tokenizes it:
// lower-cased words and whole CJK runs, however many.
func (a *Segmenter) Words(text string) []Unit {
	units, _ := a.segment(text)
	return units
}

// IsCJKKey reports whether a CJK run is a synonym spelling (which a
// query keeps whole, for its synonyms to apply).
func (a *Segmenter) IsCJKKey(run string) bool { return slices.Contains(a.cjkKeys, run) }

// segment splits text into units the way the index tokenizes it. prefix
// reports whether the last unit is a word the text ends on (no space after
// it), which then matches as a prefix.
func (a *Segmenter) segment(text string) (units []Unit, prefix bool) {
	lastEnd := -1
	for _, t := range a.tokenizer.Tokenize([]byte(text)) {
		s := strings.ToLower(string(t.Term))
		if t.Type == analysis.Ideographic {
			if n := len(units); n > 0 && units[n-1].CJK && t.Start == lastEnd {
				units[n-1].Text += s
				lastEnd = t.End
				continue
			}
			units = append(units, Unit{Text: s, CJK: true})
		} else {
			units = append(units, Unit{Text: s})
		}
		lastEnd = t.End
	}
	prefix = len(units) > 0 && !units[len(units)-1].CJK && lastEnd == len(text)
	return units, prefix
}

// splitCJK cuts CJK runs around the synonym spellings they contain, so that
// 物联网平台 is matched as 物联网 (and its synonyms) and 平台.
func (a *Segmenter) splitCJK(units []Unit) []Unit {
	if len(a.cjkKeys) == 0 {
		return units
	}
	var out []Unit
	for _, u := range units {
		if !u.CJK {
			out = append(out, u)
			continue
		}
		out = append(out, a.splitRun(u.Text)...)
	}
	return out
}

// splitRun splits one CJK run at its earliest (then longest) synonym spelling.
func (a *Segmenter) splitRun(run string) []Unit {
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
		return []Unit{{Text: run, CJK: true}}
	}
	var out []Unit
	if at > 0 {
		out = append(out, Unit{Text: run[:at], CJK: true})
	}
	out = append(out, Unit{Text: best, CJK: true})
	return append(out, a.splitRun(run[at+len(best):])...)
}

// MatchSynonym returns the longest synonym spelling the units start with.
func (a *Segmenter) MatchSynonym(units []Unit) (Variant, bool) {
	for _, v := range a.Variants {
		if len(v.Units) <= len(units) && slices.Equal(v.Units, units[:len(v.Units)]) {
			return v, true
		}
	}
	return Variant{}, false
}
