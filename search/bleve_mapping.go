package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// bleveLayoutVersion changes whenever the way documents are indexed changes,
// so that indexes built by an older binary are rebuilt.
const bleveLayoutVersion = 1

// bleveSpecKey is the internal key under which an index keeps the hash of
// the layout it was built with.
const bleveSpecKey = "market.search.layout"

// Every Text field is indexed twice: once with the cjk analyser (Chinese
// bigrams; Latin words kept whole, lower-cased) and once with the English
// analyser (stemmed; Chinese characters as unigrams). The English copy is
// stored, for highlights.
func zhField(name string) string { return "zh_" + name }
func enField(name string) string { return "en_" + name }

// bleveMapping builds the index mapping for a spec. Dynamic mapping is off:
// only declared fields are indexed.
func bleveMapping(spec *IndexSpec) *mapping.IndexMappingImpl {
	m := mapping.NewIndexMapping()
	m.DefaultAnalyzer = keyword.Name
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	dm := mapping.NewDocumentStaticMapping()
	for _, f := range spec.Fields {
		switch f.Type {
		case Text:
			dm.AddFieldMappingsAt(zhField(f.Name), textMapping(cjk.AnalyzerName, false))
			dm.AddFieldMappingsAt(enField(f.Name), textMapping(en.AnalyzerName, true))
		case Keyword, Bool:
			fm := mapping.NewKeywordFieldMapping()
			fm.Store, fm.IncludeInAll, fm.IncludeTermVectors = false, false, false
			fm.DocValues = f.Facet || f.Sortable
			dm.AddFieldMappingsAt(f.Name, fm)
		case Number, Time:
			fm := mapping.NewNumericFieldMapping()
			fm.Store, fm.IncludeInAll = false, false
			fm.DocValues = f.Sortable
			dm.AddFieldMappingsAt(f.Name, fm)
		}
	}
	m.DefaultMapping = dm
	return m
}

// textMapping is a full-text field with term vectors (for phrases and highlights).
func textMapping(analyzer string, store bool) *mapping.FieldMapping {
	fm := mapping.NewTextFieldMapping()
	fm.Analyzer = analyzer
	fm.Store = store
	fm.IncludeInAll = false
	fm.IncludeTermVectors = true
	fm.DocValues = false
	return fm
}

// bleveLayoutHash identifies what an index built for this spec looks like on disk.
func bleveLayoutHash(spec *IndexSpec) (string, error) {
	b, err := json.Marshal(struct {
		Version int
		Fields  []Field
	}{bleveLayoutVersion, spec.Fields})
	if err != nil {
		return "", fmt.Errorf("search: hash layout of %q: %w", spec.Name, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// bleveDoc turns normalized fields into the flat document Bleve indexes.
func bleveDoc(spec *IndexSpec, fields map[string]any) map[string]any {
	out := make(map[string]any, 2*len(fields))
	for name, v := range fields {
		f, _ := spec.field(name)
		switch f.Type {
		case Text:
			out[zhField(name)] = v
			out[enField(name)] = v
		case Bool:
			out[name] = strconv.FormatBool(v.(bool))
		case Time:
			out[name] = float64(v.(int64))
		default:
			out[name] = v
		}
	}
	return out
}
