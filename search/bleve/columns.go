package bleve

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"market/search"
)

// Facets and sorts read, for every match, a few values of the matching
// document. Bleve reads them from the doc values of each match and builds
// strings, which costs microseconds per match; at a hundred thousand
// listings that is most of a query. Scorch segments never change once
// written, so the engine reads each segment's doc values once into plain
// arrays (columns), kept while the segment lives, and collects matches
// itself (see collect.go).

// segColumns are the column values of one segment, by local document number.
type segColumns struct {
	// ids are the documents' IDs, for ties.
	ids []string
	// facets and sorts follow the order of columnSet's fields.
	facets []termColumn
	sorts  []sortColumn
	// fuzzy keeps the segment's expansions of fuzzy terms.
	fuzzy segFuzzy
}

// termColumn holds a Keyword or Bool field's values: those of document d
// are terms[vals[start[d]:start[d+1]]].
type termColumn struct {
	terms []string
	start []uint32
	vals  []uint32
}

// sortColumn holds a sortable field's first value per document.
type sortColumn struct {
	numeric bool
	num     []float64 // NaN when missing
	str     []string
	has     []bool
}

// columnSet names the fields columns are kept for, in a fixed order.
type columnSet struct {
	facets []string
	sorts  []search.Field
}

// newColumnSet lists an index's facet and sort fields.
func newColumnSet(spec *search.IndexSpec) columnSet {
	var c columnSet
	for _, f := range spec.Fields {
		if f.Facet && (f.Type == search.Keyword || f.Type == search.Bool) {
			c.facets = append(c.facets, f.Name)
		}
		if f.Sortable {
			c.sorts = append(c.sorts, f)
		}
	}
	return c
}

// facetIndex and sortIndex return a field's position in the set, or -1.
func (c *columnSet) facetIndex(name string) int {
	for i, f := range c.facets {
		if f == name {
			return i
		}
	}
	return -1
}

func (c *columnSet) sortIndex(name string) int {
	for i, f := range c.sorts {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// warmInterval is how often the warmer looks for new segments.
const warmInterval = 100 * time.Millisecond

// warm builds the columns of new segments (written by batches or by the
// engine's background merges) ahead of the queries that need them, and
// compacts the index when due (see compact.go), until ix.stop is
// closed: a merged segment can hold most of the index, and reading its doc
// values takes a while.
func (ix *bleveIndex) warm() {
	defer close(ix.warmed)
	t := time.NewTicker(warmInterval)
	defer t.Stop()
	for {
		select {
		case <-ix.stop:
			return
		case <-t.C:
		}
		segs, done, err := ix.segments()
		if err != nil {
			continue
		}
		_, _ = ix.columns.get(segs) // a failure shows in the query that needs them
		done()
		_ = ix.compact() // a failed compaction leaves the index as it was
	}
}

// snapshot returns the index's current snapshot, to be closed when done
// with; it fails once the index is closed.
func (ix *bleveIndex) snapshot() (*scorch.IndexSnapshot, error) {
	adv, err := ix.index.Advanced()
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("open reader: %w", err)
	}
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		_ = reader.Close()
		return nil, fmt.Errorf("reader is a %T, not a scorch snapshot", reader)
	}
	if snap == nil {
		return nil, errors.New("index closed")
	}
	return snap, nil
}

// segments returns the segments of the index's current snapshot, and a
// function to call when done with them.
func (ix *bleveIndex) segments() ([]segment.Segment, func(), error) {
	snap, err := ix.snapshot()
	if err != nil {
		return nil, nil, err
	}
	segs := make([]segment.Segment, 0, len(snap.Segments()))
	for _, s := range snap.Segments() {
		segs = append(segs, s.Segment())
	}
	return segs, func() { _ = snap.Close() }, nil
}

// columnCache keeps the columns of the segments in use. It is safe for
// concurrent use; a segment's columns are built once, by the first query
// that needs them.
type columnCache struct {
	set columnSet

	mu      sync.Mutex
	entries map[segment.Segment]*columnEntry
}

// columnEntry is one segment's columns, built once.
type columnEntry struct {
	once sync.Once
	cols *segColumns
	err  error
}

// newColumnCache returns an empty cache for an index's fields.
func newColumnCache(spec *search.IndexSpec) *columnCache {
	return &columnCache{set: newColumnSet(spec), entries: map[segment.Segment]*columnEntry{}}
}

// get returns the columns of each of segs, building those it lacks, and
// forgets segments that are no longer in use (not in segs) once there are
// many of them.
func (c *columnCache) get(segs []segment.Segment) ([]*segColumns, error) {
	c.mu.Lock()
	entries := make([]*columnEntry, len(segs))
	for i, s := range segs {
		e, ok := c.entries[s]
		if !ok {
			e = &columnEntry{}
			c.entries[s] = e
		}
		entries[i] = e
	}
	if len(c.entries) > 2*len(segs)+8 {
		live := make(map[segment.Segment]bool, len(segs))
		for _, s := range segs {
			live[s] = true
		}
		for s := range c.entries {
			if !live[s] {
				delete(c.entries, s)
			}
		}
	}
	c.mu.Unlock()
	out := make([]*segColumns, len(segs))
	for i, e := range entries {
		e.once.Do(func() { e.cols, e.err = c.set.build(segs[i]) })
		if e.err != nil {
			return nil, e.err
		}
		out[i] = e.cols
	}
	return out, nil
}

// build reads a segment's doc values (the IDs among them) into columns.
func (c *columnSet) build(seg segment.Segment) (*segColumns, error) {
	n := int(seg.Count())
	cols := &segColumns{ids: make([]string, n), facets: make([]termColumn, len(c.facets)), sorts: make([]sortColumn, len(c.sorts)),
		fuzzy: segFuzzy{terms: map[fuzzyKey][]string{}}}
	termIDs := make([]map[string]uint32, len(c.facets))
	for i := range c.facets {
		termIDs[i] = map[string]uint32{}
		cols.facets[i].start = make([]uint32, 1, n+1)
	}
	for i, f := range c.sorts {
		sc := &cols.sorts[i]
		sc.numeric = f.Type == search.Number || f.Type == search.Time
		sc.has = make([]bool, n)
		if sc.numeric {
			sc.num = make([]float64, n)
		} else {
			sc.str = make([]string, n)
		}
	}
	fields := make([]string, 0, len(c.facets)+len(c.sorts)+1)
	fields = append(fields, search.IDField)
	fields = append(fields, c.facets...)
	for _, f := range c.sorts {
		fields = append(fields, f.Name)
	}
	dvv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("search: bleve: segment %T has no doc values", seg)
	}
	var dvs segment.DocVisitState
	var doc int
	visit := func(field string, term []byte) {
		if field == search.IDField {
			cols.ids[doc] = string(term)
			return
		}
		if i := c.facetIndex(field); i >= 0 {
			fc := &cols.facets[i]
			id, ok := termIDs[i][string(term)]
			if !ok {
				id = uint32(len(fc.terms))
				fc.terms = append(fc.terms, string(term))
				termIDs[i][string(term)] = id
			}
			fc.vals = append(fc.vals, id)
		}
		if i := c.sortIndex(field); i >= 0 {
			sc := &cols.sorts[i]
			if sc.has[doc] {
				return
			}
			if !sc.numeric {
				sc.str[doc], sc.has[doc] = string(term), true
				return
			}
			if shift, err := numeric.PrefixCoded(term).Shift(); err == nil && shift == 0 {
				if v, err := numeric.PrefixCoded(term).Int64(); err == nil {
					sc.num[doc], sc.has[doc] = numeric.Int64ToFloat64(v), true
				}
			}
		}
	}
	for doc = 0; doc < n; doc++ {
		var err error
		if dvs, err = dvv.VisitDocValues(uint64(doc), fields, visit, dvs); err != nil {
			return nil, fmt.Errorf("search: bleve: read doc values of document %d: %w", doc, err)
		}
		for i := range cols.facets {
			cols.facets[i].start = append(cols.facets[i].start, uint32(len(cols.facets[i].vals)))
		}
	}
	return cols, nil
}
