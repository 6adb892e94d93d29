package bleve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"market/search"
	"market/search/internal/querytext"
)

// bleveLayoutVersion changes whenever the way documents are indexed changes,
// so that indexes built by an older binary are rebuilt.
//
// Version 2: one catch-all copy of all Text fields per analyser instead of
// two copies per field; whole CJK runs; the first Text field also on its
// own, for ranking; the text of every Text field stored apart, for
// highlights; documents built directly rather than through the mapping.
//
// Version 3: the synonym spellings found with phrases, in zhPhrases (see
// phrases.go); the synonyms are part of the layout.
//
// Version 4: no term vectors in enAll, where no query runs phrases.
const bleveLayoutVersion = 4

// bleveSpecKey is the internal key under which an index keeps the hash of
// the layout it was built with.
const bleveSpecKey = "market.search.layout"

// The layout of a Bleve document.
//
// All Text fields are searched through two catch-all fields holding every
// Text value: zhAll with the cjk analyser (Chinese bigrams; Latin words kept
// whole, lower-cased) and enAll with the English analyser (stemmed; Chinese
// characters as unigrams). Each value sits at array position [i] (a string)
// or [i, j] (the j-th element of a list), i being the field's rank among the
// Text fields, so that a match's location names the field it is in. Both
// keep term vectors: phrases need them, and so do highlights.
//
// Runs of three and four CJK characters are indexed whole in zhRuns (see
// runs.go), and the synonym spellings a value holds that queries
// would find with phrases in zhPhrases (see phrases.go), both
// without term vectors; the mapping declares neither, as their analysers
// are not registered ones.
//
// The document's ID is indexed once more, with doc values, as
// search.IDField: columns read it from there (see columns.go).
//
// The first Text field is indexed once more on its own (zhField, enField),
// without term vectors: a match there ranks a document higher. The text of
// each Text field is stored, not indexed, under storedField, for highlights.
const (
	zhAll = "zh"
	enAll = "en"
)

func zhField(name string) string     { return "zh_" + name }
func enField(name string) string     { return "en_" + name }
func storedField(name string) string { return "s_" + name }

// bleveMapping builds the index mapping for a spec. Documents are built by
// bleveDocument, not through the mapping; it declares the same fields so
// that the index describes itself, and provides the analysers.
func bleveMapping(spec *search.IndexSpec) *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	dm := mapping.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(zhAll, textMapping(cjk.AnalyzerName, true))
	dm.AddFieldMappingsAt(enAll, textMapping(en.AnalyzerName, false))
	for i, f := range spec.Fields {
		switch f.Type {
		case search.Text:
			if i == primaryText(spec) {
				dm.AddFieldMappingsAt(zhField(f.Name), textMapping(cjk.AnalyzerName, false))
				dm.AddFieldMappingsAt(enField(f.Name), textMapping(en.AnalyzerName, false))
			}
			fm := mapping.NewTextFieldMapping()
			fm.Index, fm.Store, fm.IncludeInAll, fm.IncludeTermVectors, fm.DocValues = false, true, false, false, false
			dm.AddFieldMappingsAt(storedField(f.Name), fm)
		case search.Keyword, search.Bool:
			fm := mapping.NewKeywordFieldMapping()
			fm.Store, fm.IncludeInAll, fm.IncludeTermVectors = false, false, false
			fm.DocValues = f.Facet || f.Sortable
			dm.AddFieldMappingsAt(f.Name, fm)
		case search.Number, search.Time:
			fm := mapping.NewNumericFieldMapping()
			fm.Store, fm.IncludeInAll = false, false
			fm.DocValues = f.Sortable
			dm.AddFieldMappingsAt(f.Name, fm)
		}
	}
	m.DefaultMapping = dm
	return m
}

// textMapping is an indexed, unstored full-text field.
func textMapping(analyzer string, vectors bool) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = vectors
	fm.DocValues = false
	return fm
}

// bleveLayoutHash identifies what an index built for this spec looks like on disk.
func bleveLayoutHash(spec *search.IndexSpec) (string, error) {
	b, err := json.Marshal(struct {
		Version  int
		Fields   []search.Field
		Synonyms [][]string
	}{bleveLayoutVersion, spec.Fields, spec.Synonyms})
	if err != nil {
		return "", fmt.Errorf("search: hash layout of %q: %w", spec.Name, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// bleveAnalyzers are the text analysers documents are indexed with, the
// synonym spellings recorded in zhPhrases, and the indexing options of
// enAll.
type bleveAnalyzers struct {
	cjk, english analysis.Analyzer
	phrases      *phraseSpellings
	enOptions    index.FieldIndexingOptions
}

// newBleveAnalyzers looks the analysers up in an index mapping and
// analyses the spec's synonym spellings that need phrases. enVectors keeps
// term vectors in enAll, which only tests that compare with Bleve's own
// phrases and locations need.
func newBleveAnalyzers(m mapping.IndexMapping, spec *search.IndexSpec, enVectors bool) (bleveAnalyzers, error) {
	a := bleveAnalyzers{cjk: m.AnalyzerNamed(cjk.AnalyzerName), english: m.AnalyzerNamed(en.AnalyzerName), enOptions: optPrimary}
	if enVectors {
		a.enOptions = optCatchAll
	}
	if a.cjk == nil || a.english == nil {
		return a, fmt.Errorf("search: bleve: analysers %q and %q missing", cjk.AnalyzerName, en.AnalyzerName)
	}
	a.phrases = newPhraseSpellings(querytext.New(spec), a)
	return a, nil
}

// Indexing options of the fields bleveDocument builds.
const (
	optCatchAll = index.IndexField | index.IncludeTermVectors
	optPrimary  = index.IndexField
	optStored   = index.StoreField
	// Doc values are read once per segment, into columns (see columns.go).
	optDocValues = index.DocValues
)

// bleveDocument turns normalized fields into the Bleve document of the layout above.
func bleveDocument(spec *search.IndexSpec, a bleveAnalyzers, id string, fields map[string]any) *document.Document {
	doc := document.NewDocument(id)
	// The ID again, with doc values: columns read it with the other values.
	doc.AddField(document.NewTextFieldCustom(search.IDField, nil, []byte(id), index.IndexField|index.DocValues, nil))
	addTexts(doc, spec, a, fields)
	for _, f := range spec.Fields {
		v, ok := fields[f.Name]
		if !ok || f.Type == search.Text {
			continue
		}
		switch f.Type {
		case search.Keyword, search.Bool:
			opts := index.IndexField
			if f.Facet || f.Sortable {
				opts |= optDocValues
			}
			for _, s := range keywordValues(v) {
				doc.AddField(document.NewTextFieldCustom(f.Name, nil, []byte(s), opts, nil))
			}
		case search.Number, search.Time:
			opts := index.IndexField
			if f.Sortable {
				opts |= optDocValues
			}
			n, _ := v.(float64)
			if t, isTime := v.(int64); isTime {
				n = float64(t)
			}
			doc.AddField(document.NewNumericFieldWithIndexingOptions(f.Name, nil, n, opts))
		}
	}
	return doc
}

// keywordValues returns a canonical Keyword or Bool value as the strings
// filters and facets compare against.
func keywordValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	case bool:
		return []string{strconv.FormatBool(x)}
	}
	return nil
}

// addTexts adds the Text fields' values to doc, the longest first. Each
// value adds its own instance of each catch-all field, and the segment
// builder keeps the token frequencies of a field's first instance in a
// document and copies every later one's into them, one map entry and its
// locations at a time: the long description first, the short values are
// what is copied (a tenth of a reindex's CPU went to copying descriptions).
// A value's array position is its field's rank among the Text fields,
// whatever the order.
func addTexts(doc *document.Document, spec *search.IndexSpec, a bleveAnalyzers, fields map[string]any) {
	type text struct {
		name         string
		v            any
		slot, length int
		primary      bool
	}
	var texts []text
	slot, primary := 0, primaryText(spec)
	for i, f := range spec.Fields {
		if f.Type != search.Text {
			continue
		}
		if v, ok := fields[f.Name]; ok {
			texts = append(texts, text{name: f.Name, v: v, slot: slot, length: textLength(v), primary: i == primary})
		}
		slot++
	}
	slices.SortStableFunc(texts, func(x, y text) int { return y.length - x.length })
	for _, t := range texts {
		addText(doc, a, t.name, t.v, uint64(t.slot), t.primary)
	}
}

// textLength is the length in bytes of a Text field's value.
func textLength(v any) int {
	switch x := v.(type) {
	case string:
		return len(x)
	case []string:
		n := 0
		for _, s := range x {
			n += len(s)
		}
		return n
	}
	return 0
}

// addText adds one Text field's value (a string or a list) to doc: to the
// catch-all fields at array position slot (then the list index), to the
// field's own copies if it is the primary one, and stored when a string.
func addText(doc *document.Document, a bleveAnalyzers, name string, v any, slot uint64, primary bool) {
	add := func(s string, pos []uint64) {
		b := []byte(s)
		m := &textMemo{a: a}
		doc.AddField(document.NewTextFieldCustom(zhAll, pos, b, optCatchAll, memoCJK{m}))
		doc.AddField(document.NewTextFieldCustom(enAll, pos, b, a.enOptions, memoEnglish{m}))
		doc.AddField(document.NewTextFieldCustom(zhRuns, pos, b, optPrimary, memoRuns{m}))
		if len(a.phrases.list) > 0 {
			doc.AddField(document.NewTextFieldCustom(zhPhrases, pos, b, optPrimary, memoPhrases{m}))
		}
		if primary {
			doc.AddField(document.NewTextFieldCustom(zhField(name), pos, b, optPrimary, memoCJK{m}))
			doc.AddField(document.NewTextFieldCustom(enField(name), pos, b, optPrimary, memoEnglish{m}))
		}
	}
	switch x := v.(type) {
	case string:
		add(x, []uint64{slot})
		doc.AddField(document.NewTextFieldCustom(storedField(name), nil, []byte(x), optStored, nil))
	case []string:
		for j, s := range x {
			add(s, []uint64{slot, uint64(j)})
		}
	}
}

// textMemo analyses one text value once for both analysers, however many
// fields index it: the catch-all, runs, spellings and primary copies all
// take the same tokens. Fields are analysed when the engine indexes the
// document, by one goroutine per document; the memo does not rely on it.
type textMemo struct {
	a            bleveAnalyzers
	once         sync.Once
	cjk, english analysis.TokenStream
}

func (m *textMemo) analyze(text []byte) {
	m.once.Do(func() { m.cjk, m.english = analyzePair(m.a.cjk, m.a.english, text) })
}

func (m *textMemo) cjkTokens(text []byte) analysis.TokenStream {
	m.analyze(text)
	return m.cjk
}

func (m *textMemo) englishTokens(text []byte) analysis.TokenStream {
	m.analyze(text)
	return m.english
}

// analyzePair analyses text with the cjk and the English analysers. When
// both share their tokenizer and have no character filters, the text is
// tokenized once and each analyser's filters run on their own copy of the
// tokens.
func analyzePair(zh, english analysis.Analyzer, text []byte) (zhToks, enToks analysis.TokenStream) {
	zc, ec, shared := sharedTokenizer(zh, english)
	if !shared {
		return zh.Analyze(text), english.Analyze(text)
	}
	stream := zc.Tokenizer.Tokenize(text)
	other := make(analysis.TokenStream, len(stream))
	copies := make([]analysis.Token, len(stream))
	for i, t := range stream {
		copies[i] = *t
		copies[i].Term = slices.Clone(t.Term)
		other[i] = &copies[i]
	}
	return filterTokens(other, zc.TokenFilters), filterTokens(stream, ec.TokenFilters)
}

// sharedTokenizer returns the two analysers as Bleve's default analysers,
// and whether they share their tokenizer and have no character filters:
// then a text can be tokenized once for both.
func sharedTokenizer(zh, english analysis.Analyzer) (zc, ec *analysis.DefaultAnalyzer, shared bool) {
	zc, zok := zh.(*analysis.DefaultAnalyzer)
	ec, eok := english.(*analysis.DefaultAnalyzer)
	return zc, ec, zok && eok && zc.Tokenizer == ec.Tokenizer && len(zc.CharFilters) == 0 && len(ec.CharFilters) == 0
}

// memoCJK, memoEnglish, memoRuns and memoPhrases are the cjk, English,
// runs and phrase spellings analysers of one value, through its memo.
type (
	memoCJK     struct{ m *textMemo }
	memoEnglish struct{ m *textMemo }
	memoRuns    struct{ m *textMemo }
	memoPhrases struct{ m *textMemo }
)

// Analyze implements analysis.Analyzer.
func (a memoCJK) Analyze(text []byte) analysis.TokenStream { return a.m.cjkTokens(text) }

// Analyze implements analysis.Analyzer.
func (a memoEnglish) Analyze(text []byte) analysis.TokenStream { return a.m.englishTokens(text) }

// Analyze implements analysis.Analyzer.
func (a memoRuns) Analyze(text []byte) analysis.TokenStream { return shingles(a.m.cjkTokens(text)) }

// Analyze implements analysis.Analyzer.
func (a memoPhrases) Analyze(text []byte) analysis.TokenStream {
	return a.m.a.phrases.tokens(a.m.cjkTokens(text), a.m.englishTokens(text))
}

// textSlot returns the rank of a Text field among the Text fields (its
// array position in the catch-all fields), or -1.
func textSlot(s *search.IndexSpec, name string) int {
	slot := 0
	for _, f := range s.Fields {
		if f.Type != search.Text {
			continue
		}
		if f.Name == name {
			return slot
		}
		slot++
	}
	return -1
}

// primaryText returns the index in Fields of the first Text field, the one
// that ranks highest.
func primaryText(s *search.IndexSpec) int {
	for i, f := range s.Fields {
		if f.Type == search.Text {
			return i
		}
	}
	return -1
}
