package bleve

import (
	"context"
	"fmt"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"market/search"
)

// A ranked query scores every document its text matches, and a common
// word matches most of the index, while the filters beside it (a status,
// a district, a capability) usually leave a few hundred documents. Bleve's
// boolean filter is checked after each match is scored, so the cost grew
// with the index rather than with the answer. Instead, bitmaps answer the
// term filters (see bitmap.go) and lead: the scoring searcher is
// advanced only to the documents they pass and scores only those (its
// postings are still read up to them). A document's score depends only on
// the document and the index's statistics, not on how the searcher
// reached it, so the scores are the same, up to the last bits of a sum
// whose terms come in another order (TestLedMatchesBooleanFilter).

// leadQuery returns what leads a ranked text query with term filters:
// the filters, and the text too when bitmaps can answer it (then the
// scoring searcher is advanced only to the documents that match), or nil
// when bitmaps cannot answer the filters.
func leadQuery(filters []search.Filter, text query.Query) query.Query {
	lead := filterQuery(filters)
	if lead == nil || !bitmapAnswerable(lead) {
		return nil
	}
	if bitmapAnswerable(text) {
		return query.NewConjunctionQuery([]query.Query{lead, text})
	}
	return lead
}

// matchLed passes to consider every live document that both the filter
// lead (which bitmaps must answer) and the ranked query q match, with q's
// score. Bleve's boolean searcher loses a clause that only adds to the
// score when advanced past its must clause's position (it advances the
// should clause backwards), so the two are driven here as it drives them
// when walking match by match.
func (ix *bleveIndex) matchLed(ctx context.Context, q, lead query.Query, snap *scorch.IndexSnapshot,
	offsets []uint64, cols []*segColumns, consider func(match)) error {
	plan, err := bitmapPlan(lead, snap, ix.index.Mapping())
	if err != nil {
		return fmt.Errorf("plan filters: %w", err)
	}
	must, should, err := rankedSearchers(ctx, q, snap, ix.index.Mapping())
	if err != nil {
		return fmt.Errorf("prepare query: %w", err)
	}
	if must == nil {
		return nil
	}
	defer must.Close()
	pool := must.DocumentMatchPoolSize() + 1
	if should != nil {
		defer should.Close()
		pool += should.DocumentMatchPoolSize()
	}
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(pool, 0), IndexReader: snap}
	bonus := shouldCursor{s: should}
	f := &filterCursor{ix: ix, plan: plan, snap: snap, offsets: offsets, cols: cols}
	id := make(index.IndexInternalID, 8)
	target, ok, err := f.seek(0)
	for seen := 1; ok && err == nil; seen++ {
		if seen%checkDoneEvery == 0 {
			if err = ctx.Err(); err != nil {
				return err
			}
		}
		var dm *bsearch.DocumentMatch
		if dm, err = must.Advance(sctx, index.NewIndexInternalID(id, target)); err != nil {
			return fmt.Errorf("run query: %w", err)
		}
		if dm == nil {
			return nil
		}
		num, score := dm.IndexInternalID.Value(), dm.Score
		sctx.DocumentMatchPool.Put(dm)
		if num != target {
			// The text skipped target: the filters go on from its match.
			if target, ok, err = f.seek(num); !ok || err != nil || target != num {
				continue
			}
		}
		add, err := bonus.at(sctx, num)
		if err != nil {
			return fmt.Errorf("run query: %w", err)
		}
		consider(match{seg: f.seg, local: uint32(num - offsets[f.seg]), score: score + add})
		target, ok, err = f.seek(num + 1)
	}
	return err
}

// rankedSearchers returns what Bleve's boolean searcher for q would
// combine: the searcher of the clauses that must match and of those that
// only add to the score (nil if none), normalised as it normalises them.
// A q that is no such boolean query is the must searcher itself.
func rankedSearchers(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping) (must, should bsearch.Searcher, err error) {
	opts := bsearch.SearcherOptions{}
	bq, ok := q.(*query.BooleanQuery)
	if !ok || bq.Must == nil || bq.Should == nil || bq.MustNot != nil || bq.Filter != nil {
		must, err = q.Searcher(ctx, snap, m, opts)
		return must, nil, err
	}
	if must, err = bq.Must.Searcher(ctx, snap, m, opts); err != nil {
		return nil, nil, err
	}
	if should, err = bq.Should.Searcher(ctx, snap, m, opts); err != nil {
		must.Close()
		return nil, nil, err
	}
	_, noMust := must.(*searcher.MatchNoneSearcher)
	_, noShould := should.(*searcher.MatchNoneSearcher)
	switch {
	case noMust && noShould:
		must.Close()
		should.Close()
		return nil, nil, nil
	case noMust: // as Bleve: the should clauses alone
		must.Close()
		return should, nil, nil
	case noShould:
		should.Close()
		return must, nil, nil
	}
	norm := 1 / math.Sqrt(must.Weight()+should.Weight())
	must.SetQueryNorm(norm)
	should.SetQueryNorm(norm)
	return must, should, nil
}

// shouldCursor follows the clauses that only add to the score, never
// advancing them backwards.
type shouldCursor struct {
	s    bsearch.Searcher
	done bool
	num  uint64  // the document of its current match, when started
	on   bool    // whether it has a current match
	adds float64 // that match's score
	id   index.IndexInternalID
}

// at returns what the clauses add to the score of document num; calls
// come in increasing order of num.
func (c *shouldCursor) at(sctx *bsearch.SearchContext, num uint64) (float64, error) {
	if c.s == nil || c.done {
		return 0, nil
	}
	if !c.on || c.num < num {
		if c.id == nil {
			c.id = make(index.IndexInternalID, 8)
		}
		dm, err := c.s.Advance(sctx, index.NewIndexInternalID(c.id, num))
		if err != nil {
			return 0, err
		}
		if dm == nil {
			c.done = true
			return 0, nil
		}
		c.on, c.num, c.adds = true, dm.IndexInternalID.Value(), dm.Score
		sctx.DocumentMatchPool.Put(dm)
	}
	if c.num == num {
		return c.adds, nil
	}
	return 0, nil
}

// filterCursor walks, in the snapshot's order, the live documents a
// bitmap plan matches, evaluating it one segment at a time when reached.
type filterCursor struct {
	ix      *bleveIndex
	cols    []*segColumns
	plan    *bitmapNode
	snap    *scorch.IndexSnapshot
	offsets []uint64
	seg     int
	it      roaring.IntPeekable
}

// seek moves to the first matching document at or after the snapshot-wide
// number n and returns it; false when there is none.
func (c *filterCursor) seek(n uint64) (uint64, bool, error) {
	segs := c.snap.Segments()
	for c.seg < len(segs) {
		start, end := c.offsets[c.seg], c.offsets[c.seg+1]
		if n >= end {
			c.seg, c.it = c.seg+1, nil
			continue
		}
		if c.it == nil {
			s := segs[c.seg]
			sb := c.ix.newSegmentBitmaps(s.Segment(), c.cols[c.seg])
			bm, err := sb.eval(c.plan)
			if err != nil {
				return 0, false, fmt.Errorf("run filters: %w", err)
			}
			if deleted := s.Deleted(); deleted != nil && !deleted.IsEmpty() {
				bm = roaring.AndNot(bm, deleted)
			}
			c.it = bm.Iterator()
		}
		c.it.AdvanceIfNeeded(uint32(max(n, start) - start))
		if c.it.HasNext() {
			return start + uint64(c.it.PeekNext()), true, nil
		}
		c.seg, c.it = c.seg+1, nil
	}
	return 0, false, nil
}
