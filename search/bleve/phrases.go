package bleve

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"market/search/internal/querytext"
)

// Some synonym spellings are found with phrases: those of several words
// (internet of things, big data) and long CJK runs that zhRuns does not
// hold whole. A phrase reads the positions of every document holding all
// its terms, and bitmaps cannot answer it (see bitmap.go). The
// spellings are known in advance, so each value's document records which
// of them it holds, as a phrase query would find them, in the zhPhrases
// field; a query then looks the spelling up there as one term.

// zhPhrases is the field of the phrase spellings a value holds; a term
// there is the spelling's text, lower-cased.
const zhPhrases = "zp"

// needsPhrase reports whether queries find a synonym spelling with phrases.
func needsPhrase(v querytext.Variant) bool {
	return len(v.Units) > 1 || (v.Units[0].CJK && utf8.RuneCountInString(v.Units[0].Text) > maxShingle)
}

// phraseSpelling is a spelling found with phrases, as the phrase queries of
// phraseQueries read it: its terms by relative position (alternatives at a
// position; none where the analyser dropped a word, which any term then
// fills) in the cjk copy, and for spellings of several words in the
// English copy too.
type phraseSpelling struct {
	key         string
	cjk, enForm [][]string
}

// phraseSpellings are an index's spellings found with phrases, with the
// spellings each term can start, per copy.
type phraseSpellings struct {
	list              []phraseSpelling
	cjkFirst, enFirst map[string][]int
}

// newPhraseSpellings analyses the spellings of seg's synonyms that need phrases.
func newPhraseSpellings(seg *querytext.Segmenter, a bleveAnalyzers) *phraseSpellings {
	ps := &phraseSpellings{cjkFirst: map[string][]int{}, enFirst: map[string][]int{}}
	for _, v := range seg.Variants {
		if !needsPhrase(v) || slices.ContainsFunc(ps.list, func(p phraseSpelling) bool { return p.key == v.Text }) {
			continue
		}
		p := phraseSpelling{key: v.Text, cjk: tokenPhrase(a.cjk.Analyze([]byte(v.Text)))}
		if len(v.Units) > 1 {
			p.enForm = tokenPhrase(a.english.Analyze([]byte(v.Text)))
		}
		i := len(ps.list)
		ps.list = append(ps.list, p)
		if len(p.cjk) > 0 {
			for _, t := range p.cjk[0] {
				ps.cjkFirst[t] = append(ps.cjkFirst[t], i)
			}
		}
		if len(p.enForm) > 0 {
			for _, t := range p.enForm[0] {
				ps.enFirst[t] = append(ps.enFirst[t], i)
			}
		}
	}
	return ps
}

// tokenPhrase is Bleve's reading of a token stream as a phrase: the terms
// by position, from the first; nil when there are none.
func tokenPhrase(toks analysis.TokenStream) [][]string {
	if len(toks) == 0 {
		return nil
	}
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range toks {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// phraseAt reports whether toks hold the rest of the phrase after its
// first term, found at position pos: a term of each later position at the
// positions that follow, as a phrase query with no slop matches.
func phraseAt(phrase [][]string, toks analysis.TokenStream, pos int) bool {
	for i := 1; i < len(phrase); i++ {
		if len(phrase[i]) == 0 {
			continue
		}
		if !slices.ContainsFunc(toks, func(u *analysis.Token) bool {
			return u.Position == pos+i && slices.Contains(phrase[i], string(u.Term))
		}) {
			return false
		}
	}
	return true
}

// tokens are the zhPhrases terms of one value, from its cjk and English
// tokens: the keys of the spellings it holds, once each.
func (ps *phraseSpellings) tokens(cjkToks, enToks analysis.TokenStream) analysis.TokenStream {
	var found []int
	scan := func(toks analysis.TokenStream, first map[string][]int, form func(*phraseSpelling) [][]string) {
		for _, t := range toks {
			for _, i := range first[string(t.Term)] {
				if !slices.Contains(found, i) && phraseAt(form(&ps.list[i]), toks, t.Position) {
					found = append(found, i)
				}
			}
		}
	}
	scan(cjkToks, ps.cjkFirst, func(p *phraseSpelling) [][]string { return p.cjk })
	scan(enToks, ps.enFirst, func(p *phraseSpelling) [][]string { return p.enForm })
	var out analysis.TokenStream
	for _, i := range found {
		out = append(out, &analysis.Token{Term: []byte(ps.list[i].key), Position: len(out) + 1, Type: analysis.AlphaNumeric})
	}
	return out
}
