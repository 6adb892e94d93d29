package bleve

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A query that is not ranked needs only the set of matching documents, and
// most of ours are made of exact terms, fuzzy terms and prefixes, combined
// with AND and OR. Bleve's searchers walk such a tree document by
// document, advancing every postings list in step; each segment already
// holds every term's postings as a compressed bitmap, so the engine
// combines the bitmaps instead (a few bitmap operations per segment, however
// many documents match) and collects the matches from the result. Queries
// with clauses bitmaps cannot answer (phrases, which need positions;
// numeric ranges; scores) still go through Bleve's searchers.

// bitmapOp is what a bitmapNode computes.
type bitmapOp int

const (
	// bitmapTerms: the documents holding any of the terms in the field.
	bitmapTerms bitmapOp = iota
	// bitmapAnd, bitmapOr: the intersection or union of the children.
	bitmapAnd
	bitmapOr
	// bitmapAll: every document.
	bitmapAll
	// bitmapFuzzy: the documents holding a term of the field within the
	// node's edits of its term, starting with its prefix (see fuzzy.go).
	bitmapFuzzy
)

// bitmapNode is a query, planned over one snapshot, that bitmaps answer.
type bitmapNode struct {
	op    bitmapOp
	field string
	terms []string
	kids  []*bitmapNode
	fuzzy fuzzyKey
}

// bitmapAnswerable reports whether bitmaps can answer q: whether every
// clause is one bitmapPlan turns into a node. Clauses must name their
// field (Bleve would otherwise search its default one).
func bitmapAnswerable(q query.Query) bool {
	switch q := q.(type) {
	case *query.MatchAllQuery, *query.MatchNoneQuery:
		return true
	case *query.TermQuery:
		return q.FieldVal != ""
	case *query.FuzzyQuery:
		return q.FieldVal != ""
	case *query.PrefixQuery:
		return q.FieldVal != ""
	case *query.MatchQuery:
		return q.FieldVal != "" && q.Fuzziness == 0
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !bitmapAnswerable(c) {
				return false
			}
		}
		return true
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return false
		}
		for _, c := range q.Disjuncts {
			if !bitmapAnswerable(c) {
				return false
			}
		}
		return true
	}
	return false
}

// bitmapPlan turns an answerable query into a node, as Bleve's searchers
// would read it: match queries analysed into their terms, fuzzy and prefix
// terms expanded over the snapshot's dictionaries (the same candidates
// Bleve's fuzzy and prefix searchers take). An empty union (no term, no
// candidate) matches nothing.
func bitmapPlan(q query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping) (*bitmapNode, error) {
	switch q := q.(type) {
	case *query.TermQuery:
		return &bitmapNode{op: bitmapTerms, field: q.FieldVal, terms: []string{q.Term}}, nil
	case *query.MatchAllQuery:
		return &bitmapNode{op: bitmapAll}, nil
	case *query.MatchNoneQuery:
		return &bitmapNode{op: bitmapOr}, nil
	case *query.FuzzyQuery:
		if q.Fuzziness == 0 {
			return &bitmapNode{op: bitmapTerms, field: q.FieldVal, terms: []string{q.Term}}, nil
		}
		prefix := q.Term
		for i := range q.Term {
			if i >= q.Prefix {
				prefix = q.Term[:i]
				break
			}
		}
		return &bitmapNode{op: bitmapFuzzy, field: q.FieldVal, fuzzy: fuzzyKey{field: q.FieldVal, term: q.Term, prefix: prefix, edits: q.Fuzziness}}, nil
	case *query.PrefixQuery:
		d, err := snap.FieldDictPrefix(q.FieldVal, []byte(q.Prefix))
		if err != nil {
			return nil, fmt.Errorf("terms starting %q: %w", q.Prefix, err)
		}
		return dictTerms(q.FieldVal, d)
	case *query.MatchQuery:
		a := m.AnalyzerNamed(q.Analyzer)
		if q.Analyzer == "" {
			a = m.AnalyzerNamed(m.AnalyzerNameForPath(q.FieldVal))
		}
		if a == nil {
			return nil, fmt.Errorf("no analyser %q", q.Analyzer)
		}
		n := &bitmapNode{op: bitmapOr}
		if q.Operator == query.MatchQueryOperatorAnd {
			n.op = bitmapAnd
		}
		toks := a.Analyze([]byte(q.Match))
		if len(toks) == 0 {
			return &bitmapNode{op: bitmapOr}, nil
		}
		for _, t := range toks {
			n.kids = append(n.kids, &bitmapNode{op: bitmapTerms, field: q.FieldVal, terms: []string{string(t.Term)}})
		}
		return n, nil
	case *query.ConjunctionQuery:
		return bitmapChildren(bitmapAnd, q.Conjuncts, snap, m)
	case *query.DisjunctionQuery:
		return bitmapChildren(bitmapOr, q.Disjuncts, snap, m)
	}
	return nil, fmt.Errorf("a %T is not answered by bitmaps", q)
}

// bitmapChildren plans an AND or OR of queries. Bleve matches nothing for
// an empty conjunction, as for an empty disjunction.
func bitmapChildren(op bitmapOp, qs []query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping) (*bitmapNode, error) {
	if len(qs) == 0 {
		return &bitmapNode{op: bitmapOr}, nil
	}
	n := &bitmapNode{op: op, kids: make([]*bitmapNode, 0, len(qs))}
	for _, q := range qs {
		k, err := bitmapPlan(q, snap, m)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

// dictTerms reads the terms of a dictionary iterator into a node, and closes it.
func dictTerms(field string, d index.FieldDict) (*bitmapNode, error) {
	defer d.Close()
	n := &bitmapNode{op: bitmapTerms, field: field}
	e, err := d.Next()
	for ; err == nil && e != nil; e, err = d.Next() {
		n.terms = append(n.terms, e.Term)
	}
	if err != nil {
		return nil, fmt.Errorf("read terms of %s: %w", field, err)
	}
	return n, nil
}

// segmentBitmaps evaluates nodes over one segment, expanding fuzzy terms
// with lev and keeping the expansions in fuzzy. The bitmaps it returns may
// be the segment's own postings: they are read, never changed.
type segmentBitmaps struct {
	seg   segment.Segment
	dicts map[string]segment.TermDictionary
	fuzzy *segFuzzy
	lev   *levBuilders
}

// newSegmentBitmaps returns an evaluator over seg, whose columns are cols.
func (ix *bleveIndex) newSegmentBitmaps(seg segment.Segment, cols *segColumns) *segmentBitmaps {
	return &segmentBitmaps{seg: seg, dicts: map[string]segment.TermDictionary{}, fuzzy: &cols.fuzzy, lev: ix.lev}
}

// eval returns the documents of the segment (deleted ones included) that n
// matches. The result may be one of the segment's own postings bitmaps, to
// be read, never changed.
func (s *segmentBitmaps) eval(n *bitmapNode) (*roaring.Bitmap, error) {
	switch n.op {
	case bitmapAll:
		all := roaring.New()
		all.AddRange(0, s.seg.Count())
		return all, nil
	case bitmapAnd:
		return s.and(n.kids)
	}
	bms, err := s.union(n)
	if err != nil {
		return nil, err
	}
	switch len(bms) {
	case 0:
		return roaring.New(), nil
	case 1:
		return bms[0], nil
	}
	return roaring.FastOr(bms...), nil
}

// union returns bitmaps whose union is what n matches: the postings of
// terms and of the terms of unions, as they are; other nodes evaluated.
func (s *segmentBitmaps) union(n *bitmapNode) ([]*roaring.Bitmap, error) {
	switch n.op {
	case bitmapTerms:
		return s.postings(n.field, n.terms)
	case bitmapFuzzy:
		terms, err := s.fuzzy.expand(s.seg, s.lev, n.fuzzy)
		if err != nil {
			return nil, err
		}
		return s.postings(n.field, terms)
	case bitmapOr:
		var out []*roaring.Bitmap
		for _, k := range n.kids {
			bms, err := s.union(k)
			if err != nil {
				return nil, err
			}
			out = append(out, bms...)
		}
		return out, nil
	}
	bm, err := s.eval(n)
	if err != nil {
		return nil, err
	}
	return []*roaring.Bitmap{bm}, nil
}

// and intersects the unions of kids, smallest first, in a bitmap of its
// own: a copy of the smallest union, narrowed by each other union in place,
// so that no large union is ever built.
func (s *segmentBitmaps) and(kids []*bitmapNode) (*roaring.Bitmap, error) {
	type union struct {
		bms  []*roaring.Bitmap
		size uint64 // at most this many documents
	}
	unions := make([]union, 0, len(kids))
	for _, k := range kids {
		bms, err := s.union(k)
		if err != nil {
			return nil, err
		}
		var size uint64
		for _, bm := range bms {
			size += bm.GetCardinality()
		}
		if size == 0 {
			return roaring.New(), nil
		}
		unions = append(unions, union{bms, size})
	}
	if len(unions) == 0 {
		return roaring.New(), nil
	}
	slices.SortFunc(unions, func(a, b union) int { return cmp.Compare(a.size, b.size) })
	var acc *roaring.Bitmap
	if first := unions[0].bms; len(first) == 1 {
		acc = first[0].Clone()
	} else {
		acc = roaring.FastOr(first...)
	}
	for _, u := range unions[1:] {
		if acc.IsEmpty() {
			break
		}
		acc.AndAny(u.bms...)
	}
	return acc, nil
}

// postings returns the postings of terms in field, one bitmap per term
// found (documents of one-document postings gathered in one).
func (s *segmentBitmaps) postings(field string, terms []string) ([]*roaring.Bitmap, error) {
	d, ok := s.dicts[field]
	if !ok {
		var err error
		if d, err = s.seg.Dictionary(field); err != nil {
			return nil, fmt.Errorf("dictionary of %s: %w", field, err)
		}
		s.dicts[field] = d
	}
	var bms []*roaring.Bitmap
	var single []uint32
	for _, t := range terms {
		pl, err := d.PostingsList([]byte(t), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("postings of %q in %s: %w", t, field, err)
		}
		if pl.Count() == 0 {
			continue
		}
		it := pl.Iterator(false, false, false, nil)
		if o, ok := it.(segment.OptimizablePostingsIterator); ok {
			if doc, ok := o.DocNum1Hit(); ok {
				single = append(single, uint32(doc))
				continue
			}
			if bm := o.ActualBitmap(); bm != nil {
				bms = append(bms, bm)
				continue
			}
		}
		// Another kind of segment: walk the postings.
		for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
			if err != nil {
				return nil, fmt.Errorf("postings of %q in %s: %w", t, field, err)
			}
			single = append(single, uint32(p.Number()))
		}
	}
	if len(single) > 0 {
		bms = append(bms, roaring.BitmapOf(single...))
	}
	return bms, nil
}
