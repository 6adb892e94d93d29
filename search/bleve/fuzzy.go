package bleve

import (
	"fmt"
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// A fuzzy term is expanded into the terms of the dictionary within its
// edits by walking the dictionary with a Levenshtein automaton, which
// costs far more than looking the candidates up. Bitmaps expand fuzzy
// terms segment by segment (each segment needs only its own candidates),
// and each segment keeps its expansions as long as it lives: segments
// never change, so neither do they.

// maxFuzzyExpansions bounds the expansions a segment keeps; past it they
// are forgotten and made again.
const maxFuzzyExpansions = 512

// fuzzyKey is one fuzzy term: its field, text, edits and exact prefix.
type fuzzyKey struct {
	field, term, prefix string
	edits               int
}

// segFuzzy is one segment's expansions of fuzzy terms.
type segFuzzy struct {
	mu    sync.Mutex
	terms map[fuzzyKey][]string
}

// levBuilders build Levenshtein automata of 1 and 2 edits, counting a
// swap of adjacent characters as one, as Bleve's fuzzy searcher does.
type levBuilders [3]*levenshtein.LevenshteinAutomatonBuilder

// newLevBuilders prepares the builders (a few milliseconds).
func newLevBuilders() (*levBuilders, error) {
	var b levBuilders
	for edits := 1; edits <= 2; edits++ {
		lb, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(edits), true)
		if err != nil {
			return nil, fmt.Errorf("levenshtein automaton of %d edits: %w", edits, err)
		}
		b[edits] = lb
	}
	return &b, nil
}

// expand returns the terms of seg's dictionary of k.field within k.edits
// of k.term and starting with k.prefix, as Bleve's fuzzy searcher
// finds them, from f when it holds them.
func (f *segFuzzy) expand(seg segment.Segment, lev *levBuilders, k fuzzyKey) ([]string, error) {
	f.mu.Lock()
	terms, ok := f.terms[k]
	f.mu.Unlock()
	if ok {
		return terms, nil
	}
	if k.edits < 1 || k.edits > 2 {
		return nil, fmt.Errorf("fuzzy term %q with %d edits", k.term, k.edits)
	}
	a, err := lev[k.edits].BuildDfa(k.term, uint8(k.edits))
	if err != nil {
		return nil, fmt.Errorf("automaton of %q: %w", k.term, err)
	}
	d, err := seg.Dictionary(k.field)
	if err != nil {
		return nil, fmt.Errorf("dictionary of %s: %w", k.field, err)
	}
	var start, end []byte
	if k.prefix != "" {
		start, end = []byte(k.prefix), prefixEnd([]byte(k.prefix))
	}
	it := d.AutomatonIterator(a, start, end)
	e, err := it.Next()
	for ; err == nil && e != nil; e, err = it.Next() {
		terms = append(terms, e.Term)
	}
	if err != nil {
		return nil, fmt.Errorf("fuzzy terms of %q: %w", k.term, err)
	}
	f.mu.Lock()
	if len(f.terms) >= maxFuzzyExpansions {
		clear(f.terms)
	}
	f.terms[k] = terms
	f.mu.Unlock()
	return terms, nil
}

// prefixEnd returns the end of the keys starting with prefix, as Bleve's
// fuzzy searcher takes it: the prefix with its last byte that does not
// overflow incremented, or nil when every byte does.
func prefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i]++; end[i] != 0 {
			return end
		}
	}
	return nil
}
