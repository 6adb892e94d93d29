package bleve

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"market/search/internal/querytext"
)

// Highlights are computed in Go from the stored text of the page's
// documents: the text is analysed the way the index analyses it (one
// tokenization, then the cjk and the English filters), and the query's
// clauses are matched against those terms as Bleve would match them (exact
// terms, stems, fuzzy terms with the same edit distances and exact
// prefixes, prefixes, phrases). Asking the index for term locations
// instead costs a second query over every segment, which was half the
// cost of a typical search.

// hlField says which analysed copy of a text a clause matches.
type hlField uint8

const (
	hlZH hlField = iota // the cjk analyser's terms
	hlEN                // the English analyser's terms
)

// hlKind is how a highlight clause matches terms.
type hlKind uint8

const (
	hlTerm   hlKind = iota // the term exactly
	hlFuzzy                // within budget edits, starting with prefix
	hlPrefix               // starting with term
	hlPhrase               // the phrase's terms at their relative positions
)

// hlClause is one leaf of a text query, for highlighting.
type hlClause struct {
	kind   hlKind
	field  hlField
	term   string
	prefix string // hlFuzzy: the part of term a match must start with
	budget int    // hlFuzzy: the most edits
	phrase []hlPhraseTerm
}

// hlPhraseTerm is one term of a phrase and its position relative to the first.
type hlPhraseTerm struct {
	term string
	pos  int
}

// hlToken is one analysed term of a text: its field, term, position and byte range.
type hlToken struct {
	field      hlField
	term       []byte
	pos        int
	start, end int
}

// highlightClauses compiles a query text into the leaf clauses of the
// text query Bleve would run over the located copies (see textQuery): a
// term the text matches through any of them is marked.
func (a *textAnalyzer) highlightClauses(text string) []hlClause {
	units, prefix := a.Units(text)
	var out []hlClause
	for i := 0; i < len(units); {
		last := prefix && i == len(units)-1
		if v, ok := a.MatchSynonym(units[i:]); ok {
			for _, other := range a.Groups[v.Group] {
				out = a.hlPhrase(out, other)
			}
			if len(v.Units) == 1 && !units[i].CJK {
				out = a.hlUnit(out, units[i], last)
			}
			i += len(v.Units)
			continue
		}
		out = a.hlUnit(out, units[i], last)
		i++
	}
	return out
}

// hlUnit is unitQuery's clauses.
func (a *textAnalyzer) hlUnit(out []hlClause, u querytext.Unit, prefix bool) []hlClause {
	if u.CJK {
		return a.hlCJK(out, u.Text)
	}
	out = a.hlExactWord(out, u.Text)
	if budget := typoBudget(u.Text); budget > 0 {
		out = append(out, hlFuzzyClause(u.Text, hlZH, budget, 1))
		if stem := a.stem(u.Text); stem != "" {
			out = append(out, hlFuzzyClause(stem, hlEN, budget, 1))
		}
		if budget > 1 {
			out = append(out, hlFuzzyClause(u.Text, hlZH, 1, 0))
		}
		for _, t := range transpositions(u.Text) {
			out = append(out, hlClause{kind: hlTerm, field: hlZH, term: t})
		}
	}
	if prefix && utf8.RuneCountInString(u.Text) >= 2 {
		out = append(out, hlClause{kind: hlPrefix, field: hlZH, term: u.Text})
	}
	return out
}

// hlPhrase is phraseQueries' clauses.
func (a *textAnalyzer) hlPhrase(out []hlClause, v querytext.Variant) []hlClause {
	if len(v.Units) == 1 {
		if v.Units[0].CJK {
			return a.hlCJK(out, v.Units[0].Text)
		}
		return a.hlExactWord(out, v.Units[0].Text)
	}
	out = appendPhrase(out, a.english, hlEN, v.Text)
	return appendPhrase(out, a.cjk, hlZH, v.Text)
}

// hlExactWord is exactWordQueries' clauses: the word's English terms (any
// of them) and the word as written.
func (a *textAnalyzer) hlExactWord(out []hlClause, word string) []hlClause {
	for _, t := range a.english.Analyze([]byte(word)) {
		out = append(out, hlClause{kind: hlTerm, field: hlEN, term: string(t.Term)})
	}
	return append(out, hlClause{kind: hlTerm, field: hlZH, term: word})
}

// hlCJK is cjkQueries' clauses over the located copies.
func (a *textAnalyzer) hlCJK(out []hlClause, run string) []hlClause {
	switch utf8.RuneCountInString(run) {
	case 1:
		return append(out, hlClause{kind: hlTerm, field: hlEN, term: run})
	case 2:
		if toks := a.cjk.Analyze([]byte(run)); len(toks) == 1 && toks[0].Type == analysis.Double {
			return append(out, hlClause{kind: hlTerm, field: hlZH, term: string(toks[0].Term)})
		}
	}
	return appendPhrase(out, a.cjk, hlZH, run)
}

// appendPhrase adds a match phrase query's clause: the text analysed, each
// term at its position; a single term is a term clause.
func appendPhrase(out []hlClause, an analysis.Analyzer, field hlField, text string) []hlClause {
	toks := an.Analyze([]byte(text))
	switch len(toks) {
	case 0:
		return out
	case 1:
		return append(out, hlClause{kind: hlTerm, field: field, term: string(toks[0].Term)})
	}
	phrase := make([]hlPhraseTerm, len(toks))
	for i, t := range toks {
		phrase[i] = hlPhraseTerm{term: string(t.Term), pos: t.Position - toks[0].Position}
	}
	return append(out, hlClause{kind: hlPhrase, field: field, phrase: phrase})
}

// hlFuzzyClause is a fuzzy clause; prefix is in bytes, rounded up to a
// character boundary, as Bleve's fuzzy searcher takes it.
func hlFuzzyClause(term string, field hlField, budget, prefix int) hlClause {
	prefixTerm := term
	for i := range term {
		if i >= prefix {
			prefixTerm = term[:i]
			break
		}
	}
	return hlClause{kind: hlFuzzy, field: field, term: term, prefix: prefixTerm, budget: budget}
}
