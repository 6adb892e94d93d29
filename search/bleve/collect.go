package bleve

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"market/search"
)

// checkDoneEvery is how many matches the collector counts between two
// looks at its context.
const checkDoneEvery = 1024

// collected is what a query found: the total, the page's document IDs in
// order, their stored texts (by field, when asked for) and the facet counts.
type collected struct {
	total  int
	ids    []string
	texts  []map[string]string
	facets map[string]map[string]int
}

// match is one candidate for the page: where the document is, and its score.
type match struct {
	seg   int
	local uint32
	score float64
}

// collect runs q over the index's current snapshot, led by the filters
// in lead when there are (see led.go), and collects the page of p (by
// p.Sort, else by score when ranked), the total and p.Facets, reading
// values from the segments' columns, and the page's stored text of the
// named Text fields.
func (ix *bleveIndex) collect(ctx context.Context, q, lead query.Query, p *search.Plan, ranked bool, filters columnFilters, stored []string) (*collected, error) {
	snap, err := ix.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	snapSegs := snap.Segments()
	segs := make([]segment.Segment, len(snapSegs))
	offsets := make([]uint64, len(snapSegs)+1)
	for i, s := range snapSegs {
		segs[i] = s.Segment()
		offsets[i+1] = offsets[i] + segs[i].Count()
	}
	cols, err := ix.columns.get(segs)
	if err != nil {
		return nil, err
	}
	page := newPageHeap(ix.columns.set, p.Sort, ranked, cols, p.Offset+p.PageSize)
	facets := newFacetCounter(ix.columns.set, p.Facets, cols)
	var segFilters []*segFilter
	if len(filters.terms)+len(filters.ranges) > 0 {
		segFilters = make([]*segFilter, len(segs))
	}
	total := 0
	consider := func(m match) {
		if segFilters != nil {
			if segFilters[m.seg] == nil {
				segFilters[m.seg] = filters.forSegment(cols[m.seg])
			}
			if !segFilters[m.seg].pass(m.local) {
				return
			}
		}
		total++
		facets.add(m)
		page.offer(m)
	}
	switch {
	case lead != nil:
		err = ix.matchLed(ctx, q, lead, snap, offsets, cols, consider)
	case !ranked && bitmapAnswerable(q):
		err = ix.matchBitmaps(ctx, q, snap, segs, cols, consider)
	default:
		err = ix.matchSearcher(ctx, q, snap, ranked, offsets, consider)
	}
	if err != nil {
		return nil, err
	}
	c := &collected{total: total, facets: facets.result(ix.spec.MaxFacetValues)}
	for _, m := range page.sorted(p.Offset) {
		c.ids = append(c.ids, cols[m.seg].ids[m.local])
		if len(stored) > 0 {
			texts, err := storedTexts(segs[m.seg], m.local, stored)
			if err != nil {
				return nil, err
			}
			c.texts = append(c.texts, texts)
		}
	}
	return c, nil
}

// matchSearcher runs q through Bleve's searchers, scoring when ranked,
// and passes every match to consider.
func (ix *bleveIndex) matchSearcher(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, ranked bool,
	offsets []uint64, consider func(match)) error {
	opts := bsearch.SearcherOptions{Score: "none"}
	if ranked {
		opts.Score = ""
	}
	searcher, err := q.Searcher(ctx, snap, ix.index.Mapping(), opts)
	if err != nil {
		return fmt.Errorf("prepare query: %w", err)
	}
	defer searcher.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0), IndexReader: snap}
	nsegs := len(offsets) - 1
	seen, seg := 0, 0
	dm, err := searcher.Next(sctx)
	for ; err == nil && dm != nil; dm, err = searcher.Next(sctx) {
		if seen++; seen%checkDoneEvery == 0 {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
		}
		num := dm.IndexInternalID.Value()
		if num < offsets[seg] || num >= offsets[seg+1] {
			seg = sort.Search(nsegs, func(i int) bool { return offsets[i+1] > num })
			if seg == nsegs {
				return errors.New("match outside the snapshot's segments")
			}
		}
		m := match{seg: seg, local: uint32(num - offsets[seg]), score: dm.Score}
		sctx.DocumentMatchPool.Put(dm)
		consider(m)
	}
	if err != nil {
		return fmt.Errorf("run query: %w", err)
	}
	return nil
}

// matchBitmaps answers q, which bitmaps must answer, segment by segment
// (see bitmap.go), and passes every live match to consider, unscored.
func (ix *bleveIndex) matchBitmaps(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, segs []segment.Segment,
	cols []*segColumns, consider func(match)) error {
	plan, err := bitmapPlan(q, snap, ix.index.Mapping())
	if err != nil {
		return fmt.Errorf("plan query: %w", err)
	}
	buf := make([]uint32, checkDoneEvery)
	for i, s := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return err
		}
		sb := ix.newSegmentBitmaps(segs[i], cols[i])
		bm, err := sb.eval(plan)
		if err != nil {
			return fmt.Errorf("run query: %w", err)
		}
		if deleted := s.Deleted(); deleted != nil && !deleted.IsEmpty() {
			bm = roaring.AndNot(bm, deleted)
		}
		it := bm.ManyIterator()
		for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
			for _, local := range buf[:n] {
				consider(match{seg: i, local: local})
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}

// storedTexts reads the stored text of the named Text fields of one document.
func storedTexts(seg segment.Segment, local uint32, fields []string) (map[string]string, error) {
	out := make(map[string]string, len(fields))
	err := seg.VisitStoredFields(uint64(local), func(field string, typ byte, value []byte, _ []uint64) bool {
		if typ == 't' {
			for _, f := range fields {
				if field == storedField(f) {
					out[f] = string(value)
				}
			}
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("read stored fields: %w", err)
	}
	return out, nil
}

// pageHeap keeps the best k matches seen, the worst on top.
type pageHeap struct {
	keys   []int // column index per sort key
	desc   []bool
	ranked bool
	cols   []*segColumns
	k      int
	items  []match
}

// newPageHeap returns a heap keeping the first k matches in sort order.
func newPageHeap(set columnSet, keys []search.SortKey, ranked bool, cols []*segColumns, k int) *pageHeap {
	h := &pageHeap{ranked: ranked, cols: cols, k: k}
	for _, key := range keys {
		h.keys = append(h.keys, set.sortIndex(key.Field))
		h.desc = append(h.desc, key.Desc)
	}
	return h
}

// compare orders two matches: by each sort key (documents without a value
// last), then by score (highest first) when ranked, then by ID.
func (h *pageHeap) compare(a, b match) int {
	ca, cb := h.cols[a.seg], h.cols[b.seg]
	for i, k := range h.keys {
		sa, sb := &ca.sorts[k], &cb.sorts[k]
		ha, hb := sa.has[a.local], sb.has[b.local]
		switch {
		case !ha && !hb:
			continue
		case !ha:
			return 1
		case !hb:
			return -1
		}
		var c int
		if sa.numeric {
			c = cmp.Compare(sa.num[a.local], sb.num[b.local])
		} else {
			c = cmp.Compare(sa.str[a.local], sb.str[b.local])
		}
		if h.desc[i] {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	if h.ranked {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
	}
	return cmp.Compare(ca.ids[a.local], cb.ids[b.local])
}

// offer considers one match for the page.
func (h *pageHeap) offer(m match) {
	if h.k <= 0 {
		return
	}
	if len(h.items) < h.k {
		heap.Push(h, m)
		return
	}
	if h.compare(m, h.items[0]) < 0 {
		h.items[0] = m
		heap.Fix(h, 0)
	}
}

// sorted returns the kept matches in order, from offset on.
func (h *pageHeap) sorted(offset int) []match {
	slices.SortFunc(h.items, h.compare)
	if offset >= len(h.items) {
		return nil
	}
	return h.items[offset:]
}

// Len, Less, Swap, Push and Pop implement heap.Interface, worst match first.
func (h *pageHeap) Len() int           { return len(h.items) }
func (h *pageHeap) Less(i, j int) bool { return h.compare(h.items[i], h.items[j]) > 0 }
func (h *pageHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *pageHeap) Push(x any)         { h.items = append(h.items, x.(match)) }
func (h *pageHeap) Pop() any {
	m := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return m
}

// facetCounter counts the values of facet fields over matches, per
// segment and term number.
type facetCounter struct {
	names  []string
	fields []int
	cols   []*segColumns
	counts [][][]int // facet, segment, term
}

// newFacetCounter prepares the counts of the named facets.
func newFacetCounter(set columnSet, names []string, cols []*segColumns) *facetCounter {
	f := &facetCounter{names: names, cols: cols, counts: make([][][]int, len(names))}
	for i, name := range names {
		f.fields = append(f.fields, set.facetIndex(name))
		f.counts[i] = make([][]int, len(cols))
	}
	return f
}

// add counts one match's values.
func (f *facetCounter) add(m match) {
	for i, fi := range f.fields {
		tc := &f.cols[m.seg].facets[fi]
		vals := tc.vals[tc.start[m.local]:tc.start[m.local+1]]
		if len(vals) == 0 {
			continue
		}
		counts := f.counts[i][m.seg]
		if counts == nil {
			counts = make([]int, len(tc.terms))
			f.counts[i][m.seg] = counts
		}
		for _, v := range vals {
			counts[v]++
		}
	}
}

// result returns the counts by facet and value, at most limit values per
// facet (the most frequent).
func (f *facetCounter) result(limit int) map[string]map[string]int {
	if len(f.names) == 0 {
		return nil
	}
	out := make(map[string]map[string]int, len(f.names))
	for i, name := range f.names {
		counts := map[string]int{}
		for seg, segCounts := range f.counts[i] {
			terms := f.cols[seg].facets[f.fields[i]].terms
			for t, n := range segCounts {
				if n > 0 {
					counts[terms[t]] += n
				}
			}
		}
		out[name] = topValues(counts, limit)
	}
	return out
}

// topValues keeps the limit most frequent values (ties by value).
func topValues(counts map[string]int, limit int) map[string]int {
	if len(counts) <= limit {
		return counts
	}
	values := make([]string, 0, len(counts))
	for v := range counts {
		values = append(values, v)
	}
	slices.SortFunc(values, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make(map[string]int, limit)
	for _, v := range values[:limit] {
		out[v] = counts[v]
	}
	return out
}
