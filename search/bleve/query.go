package bleve

import (
	"fmt"
	"slices"
	"unicode/utf8"

	blevelib "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"

	"market/search"
	"market/search/internal/querytext"
)

// Relative weights of the ways a word can match.
const (
	exactBoost  = 1.0
	prefixBoost = 0.6
	typoBoost   = 0.4
)

// textCopies names the two indexed copies of some text: with the cjk
// analyser and with the English one. match copies (the catch-all fields)
// keep term vectors and take every kind of clause; rank copies (the
// primary field's) have none and take only exact words, prefixes and CJK
// bigrams, to rank documents that match there higher.
type textCopies struct {
	zh, en string
	// runs, when set, is the field of whole CJK runs (zhRuns), which
	// replaces phrases for the runs it holds; phrases, when set, the
	// field of synonym spellings (zhPhrases), which replaces their phrases.
	runs, phrases string
	rank          bool
}

// textQuery builds the Bleve query for a query text over copies: in match
// copies every unit (word, CJK run or synonym) must match; in rank copies
// any may, each adding to the score. It returns nil when the text has no
// words, which matches every document.
func (a *textAnalyzer) textQuery(text string, c textCopies) query.Query {
	units, prefix := a.Units(text)
	if len(units) == 0 {
		return nil
	}
	var clauses []query.Query
	for i := 0; i < len(units); {
		last := prefix && i == len(units)-1
		if v, ok := a.MatchSynonym(units[i:]); ok {
			n := len(v.Units)
			var alts []query.Query
			for _, other := range a.Groups[v.Group] {
				alts = append(alts, a.phraseQueries(other, c)...)
			}
			if n == 1 && !units[i].CJK {
				alts = append(alts, a.unitQuery(units[i], last, c))
			}
			clauses = append(clauses, query.NewDisjunctionQuery(alts))
			i += n
			continue
		}
		clauses = append(clauses, a.unitQuery(units[i], last, c))
		i++
	}
	if c.rank {
		return query.NewDisjunctionQuery(clauses)
	}
	if len(clauses) == 1 {
		return clauses[0]
	}
	return query.NewConjunctionQuery(clauses)
}

// unitQuery matches one word (with typos, and as a prefix when last) or one CJK run.
func (a *textAnalyzer) unitQuery(u querytext.Unit, prefix bool, c textCopies) query.Query {
	if u.CJK {
		return query.NewDisjunctionQuery(a.cjkQueries(u.Text, c))
	}
	qs := exactWordQueries(u.Text, c)
	if budget := typoBudget(u.Text); budget > 0 && !c.rank {
		qs = append(qs, fuzzy(u.Text, c.zh, budget, 1, typoBoost))
		if stem := a.stem(u.Text); stem != "" {
			qs = append(qs, fuzzy(stem, c.en, budget, 1, typoBoost))
		}
		if budget > 1 {
			// A typo on the first character counts double: one such typo is allowed.
			qs = append(qs, fuzzy(u.Text, c.zh, 1, 0, typoBoost))
		}
		for _, t := range transpositions(u.Text) {
			qs = append(qs, term(t, c.zh, typoBoost))
		}
	}
	if prefix && utf8.RuneCountInString(u.Text) >= 2 {
		p := query.NewPrefixQuery(u.Text)
		p.SetField(c.zh)
		p.SetBoost(prefixBoost)
		qs = append(qs, p)
	}
	return query.NewDisjunctionQuery(qs)
}

// phraseQueries match one synonym spelling exactly.
func (a *textAnalyzer) phraseQueries(v querytext.Variant, c textCopies) []query.Query {
	if c.phrases != "" && needsPhrase(v) {
		return []query.Query{term(v.Text, c.phrases, exactBoost)}
	}
	if len(v.Units) == 1 {
		if v.Units[0].CJK {
			return a.cjkQueries(v.Units[0].Text, c)
		}
		return exactWordQueries(v.Units[0].Text, c)
	}
	var qs []query.Query
	for _, field := range []struct{ name, analyzer string }{{c.en, en.AnalyzerName}, {c.zh, cjk.AnalyzerName}} {
		if c.rank {
			m := query.NewMatchQuery(v.Text)
			m.SetField(field.name)
			m.Analyzer = field.analyzer
			m.SetOperator(query.MatchQueryOperatorAnd)
			m.SetBoost(exactBoost)
			qs = append(qs, m)
			continue
		}
		p := query.NewMatchPhraseQuery(v.Text)
		p.SetField(field.name)
		p.Analyzer = field.analyzer
		p.SetBoost(exactBoost)
		qs = append(qs, p)
	}
	return qs
}

// exactWordQueries match a word as written (cjk copy) or by its English stem.
func exactWordQueries(word string, c textCopies) []query.Query {
	m := query.NewMatchQuery(word)
	m.SetField(c.en)
	m.Analyzer = en.AnalyzerName
	m.SetBoost(exactBoost)
	return []query.Query{m, term(word, c.zh, exactBoost)}
}

// cjkQueries match a run of CJK characters as written: a phrase of bigrams
// in the cjk copy (every bigram, in order, adjacent), or for a single
// character the unigram in the English copy, and for two the bigram; for
// runs that c.runs holds whole, the run there. Rank copies, which have no
// term vectors, take all the bigrams in any order.
func (a *textAnalyzer) cjkQueries(run string, c textCopies) []query.Query {
	switch utf8.RuneCountInString(run) {
	case 1:
		return []query.Query{term(run, c.en, exactBoost)}
	case 2:
		// One bigram: a term, which needs no positions.
		if toks := a.cjk.Analyze([]byte(run)); len(toks) == 1 && toks[0].Type == analysis.Double {
			return []query.Query{term(string(toks[0].Term), c.zh, exactBoost)}
		}
	}
	if c.runs != "" {
		if t := runTerm(a.cjk, run); t != "" {
			return []query.Query{term(t, c.runs, exactBoost)}
		}
	}
	if c.rank {
		m := query.NewMatchQuery(run)
		m.SetField(c.zh)
		m.Analyzer = cjk.AnalyzerName
		m.SetOperator(query.MatchQueryOperatorAnd)
		m.SetBoost(exactBoost)
		return []query.Query{m}
	}
	p := query.NewMatchPhraseQuery(run)
	p.SetField(c.zh)
	p.Analyzer = cjk.AnalyzerName
	p.SetBoost(exactBoost)
	return []query.Query{p}
}

// term is an exact term query on one field.
func term(t, field string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// fuzzy is a fuzzy term query: up to budget edits, the first prefix characters exact.
func fuzzy(t, field string, budget, prefix int, boost float64) query.Query {
	q := query.NewFuzzyQuery(t)
	q.SetField(field)
	q.SetFuzziness(budget)
	q.SetPrefix(prefix)
	q.SetBoost(boost)
	return q
}

// textAnalyzer turns query text into Bleve queries for one index: it
// segments the text as the index does, applies the synonyms and builds
// typo-tolerant, bilingual clauses.
type textAnalyzer struct {
	*querytext.Segmenter
	english, cjk analysis.Analyzer
	// all are the catch-all copies every text query must match (with
	// whole CJK runs; highlights match the same copies with phrases only,
	// see highlight.go), and primary the first Text field's, which rank.
	all, primary textCopies
}

// newTextAnalyzer prepares query analysis for an open index.
func newTextAnalyzer(idx blevelib.Index, spec *search.IndexSpec) (*textAnalyzer, error) {
	english, cjkA := idx.Mapping().AnalyzerNamed(en.AnalyzerName), idx.Mapping().AnalyzerNamed(cjk.AnalyzerName)
	if english == nil || cjkA == nil {
		return nil, fmt.Errorf("search: bleve: analysers %q and %q missing", en.AnalyzerName, cjk.AnalyzerName)
	}
	first := spec.Fields[primaryText(spec)].Name
	return &textAnalyzer{Segmenter: querytext.New(spec), english: english, cjk: cjkA,
		all:     textCopies{zh: zhAll, en: enAll, runs: zhRuns, phrases: zhPhrases},
		primary: textCopies{zh: zhField(first), en: enField(first), rank: true}}, nil
}

// stem returns the English analyser's form of a single word, or "" when it
// is a stop word or splits.
func (a *textAnalyzer) stem(word string) string {
	toks := a.english.Analyze([]byte(word))
	if len(toks) != 1 {
		return ""
	}
	return string(toks[0].Term)
}

// typoBudget is Meilisearch's default: no typo below 5 characters, one from
// 5, two from 9.
func typoBudget(word string) int {
	switch n := len([]rune(word)); {
	case n >= 9:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// transpositions returns the word with each pair of adjacent characters
// (after the first) swapped: Meilisearch counts a swap as one typo, while
// Bleve's fuzzy queries count it as two edits.
func transpositions(word string) []string {
	r := []rune(word)
	var out []string
	for i := 1; i+1 < len(r); i++ {
		if r[i] == r[i+1] {
			continue
		}
		s := slices.Clone(r)
		s[i], s[i+1] = s[i+1], s[i]
		if t := string(s); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
