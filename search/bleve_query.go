package search

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Relative weights of the ways a word can match.
const (
	exactBoost  = 1.0
	prefixBoost = 0.6
	typoBoost   = 0.4
)

// textQuery builds the Bleve query for a query text: every unit (word, CJK
// run or synonym) must match in some Text field. It returns nil when the
// text has no words, which matches every document.
func (a *textAnalyzer) textQuery(text string) query.Query {
	units, prefix := a.units(text)
	if len(units) == 0 {
		return nil
	}
	var must []query.Query
	for i := 0; i < len(units); {
		last := prefix && i == len(units)-1
		if v, ok := a.matchSynonym(units[i:]); ok {
			n := len(v.units)
			var alts []query.Query
			for _, other := range a.groups[v.group] {
				alts = append(alts, a.fieldsQuery(func(f string, boost float64) []query.Query {
					return a.phraseQueries(other, f, boost)
				}))
			}
			if n == 1 && !units[i].cjk {
				alts = append(alts, a.unitQuery(units[i], last))
			}
			must = append(must, query.NewDisjunctionQuery(alts))
			i += n
			continue
		}
		must = append(must, a.unitQuery(units[i], last))
		i++
	}
	if len(must) == 1 {
		return must[0]
	}
	return query.NewConjunctionQuery(must)
}

// fieldsQuery ORs the queries build returns for every Text field, weighting
// earlier fields higher.
func (a *textAnalyzer) fieldsQuery(build func(field string, boost float64) []query.Query) query.Query {
	var qs []query.Query
	for i, f := range a.fields {
		qs = append(qs, build(f, float64(len(a.fields)-i))...)
	}
	return query.NewDisjunctionQuery(qs)
}

// unitQuery matches one word (with typos, and as a prefix when last) or one CJK run.
func (a *textAnalyzer) unitQuery(u unit, prefix bool) query.Query {
	if u.cjk {
		return a.fieldsQuery(func(f string, boost float64) []query.Query {
			return cjkQueries(u.text, f, boost)
		})
	}
	stem := a.stem(u.text)
	return a.fieldsQuery(func(f string, boost float64) []query.Query {
		qs := exactWordQueries(u.text, f, boost)
		if budget := typoBudget(u.text); budget > 0 {
			qs = append(qs, fuzzy(u.text, zhField(f), budget, 1, boost*typoBoost))
			if stem != "" {
				qs = append(qs, fuzzy(stem, enField(f), budget, 1, boost*typoBoost))
			}
			if budget > 1 {
				// A typo on the first character counts double: one such typo is allowed.
				qs = append(qs, fuzzy(u.text, zhField(f), 1, 0, boost*typoBoost))
			}
			for _, t := range transpositions(u.text) {
				qs = append(qs, term(t, zhField(f), boost*typoBoost))
			}
		}
		if prefix && utf8.RuneCountInString(u.text) >= 2 {
			p := query.NewPrefixQuery(u.text)
			p.SetField(zhField(f))
			p.SetBoost(boost * prefixBoost)
			qs = append(qs, p)
		}
		return qs
	})
}

// phraseQueries matches one synonym spelling exactly in field f.
func (a *textAnalyzer) phraseQueries(v synVariant, f string, boost float64) []query.Query {
	if len(v.units) == 1 {
		if v.units[0].cjk {
			return cjkQueries(v.units[0].text, f, boost)
		}
		return exactWordQueries(v.units[0].text, f, boost)
	}
	var qs []query.Query
	for _, field := range []struct{ name, analyzer string }{
		{enField(f), en.AnalyzerName}, {zhField(f), cjk.AnalyzerName},
	} {
		p := query.NewMatchPhraseQuery(v.text)
		p.SetField(field.name)
		p.Analyzer = field.analyzer
		p.SetBoost(boost * exactBoost)
		qs = append(qs, p)
	}
	return qs
}

// exactWordQueries match a word as written (cjk copy) or by its English stem.
func exactWordQueries(word, f string, boost float64) []query.Query {
	m := query.NewMatchQuery(word)
	m.SetField(enField(f))
	m.Analyzer = en.AnalyzerName
	m.SetBoost(boost * exactBoost)
	return []query.Query{m, term(word, zhField(f), boost*exactBoost)}
}

// cjkQueries match a run of CJK characters as written: a phrase of bigrams
// in the cjk copy (every bigram, in order, adjacent), or for a single
// character the unigram in the English copy.
func cjkQueries(run, f string, boost float64) []query.Query {
	if utf8.RuneCountInString(run) == 1 {
		return []query.Query{term(run, enField(f), boost*exactBoost)}
	}
	p := query.NewMatchPhraseQuery(run)
	p.SetField(zhField(f))
	p.Analyzer = cjk.AnalyzerName
	p.SetBoost(boost * exactBoost)
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
// typo-tolerant, bilingual clauses over every Text field.
type textAnalyzer struct {
	*segmenter
	english analysis.Analyzer
	fields  []string
}

// newTextAnalyzer prepares query analysis for an open index.
func newTextAnalyzer(idx bleve.Index, spec *IndexSpec) (*textAnalyzer, error) {
	english := idx.Mapping().AnalyzerNamed(en.AnalyzerName)
	if english == nil {
		return nil, fmt.Errorf("search: bleve: analyser %q missing", en.AnalyzerName)
	}
	return &textAnalyzer{segmenter: newSegmenter(spec), english: english, fields: spec.textFields()}, nil
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
