package bleve

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A run of Chinese characters in a query must appear as written. In the
// cjk copy a run of n characters is n-1 overlapping bigrams, and finding it
// takes a phrase query, which reads the positions of every candidate
// document: the costliest part of most queries. So runs of three and four
// characters, most of what people type (智慧城市, 数据治理, 物联网), are also
// indexed whole in the zhRuns field, where finding one is a term lookup.
// Longer runs are still found with phrases.

// zhRuns is the field of the runs of three and four CJK characters.
const zhRuns = "zr"

// maxShingle is the longest run, in characters, indexed whole.
const maxShingle = 4

// shingles joins the adjacent bigrams of toks into runs of three and four
// characters. Two bigrams are adjacent when the second starts one character
// after the first: they overlap on one character.
func shingles(toks analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range toks {
		if t.Type != analysis.Double {
			continue
		}
		term := append([]byte(nil), t.Term...)
		prev := t
		for n := 1; n <= maxShingle-2 && i+n < len(toks); n++ {
			next := toks[i+n]
			_, first := utf8.DecodeRune(prev.Term)
			if next.Type != analysis.Double || next.Start != prev.Start+first {
				break
			}
			_, last := utf8.DecodeLastRune(next.Term)
			term = append(term, next.Term[len(next.Term)-last:]...)
			out = append(out, &analysis.Token{
				Term:     append([]byte(nil), term...),
				Start:    t.Start,
				End:      next.End,
				Position: len(out) + 1,
				Type:     analysis.Shingle,
			})
			prev = next
		}
	}
	return out
}

// runTerm returns the zhRuns term that finds a run of CJK characters, or ""
// when the run is not one that zhRuns holds (too short, too long, or not
// analysed into adjacent bigrams).
func runTerm(cjk analysis.Analyzer, run string) string {
	n := utf8.RuneCountInString(run)
	if n < 3 || n > maxShingle {
		return ""
	}
	toks := cjk.Analyze([]byte(run))
	if len(toks) != n-1 {
		return ""
	}
	sh := shingles(toks)
	if len(sh) == 0 {
		return ""
	}
	longest := sh[0]
	for _, t := range sh {
		if len(t.Term) > len(longest.Term) {
			longest = t
		}
	}
	if longest.Start != 0 || longest.End != len(run) {
		return ""
	}
	return string(longest.Term)
}
