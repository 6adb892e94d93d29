package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Search runs a structured query: the text query, filters as exact term and
// numeric range queries built from the values (never parsed), facet counts
// over all matches, the sort (relevance by default), one page of hits and
// their highlights.
//
// Relevance scores are computed only when results are ranked by them;
// facets and sorts read the segments' columns (see bleve_columns.go); term
// locations, for highlights, are read only for the page's documents, in a
// second query restricted to them.
func (b *Bleve) Search(ctx context.Context, index string, q Query) (*Result, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ix, err := b.get(index)
	if err != nil {
		return nil, err
	}
	p, err := planQuery(&ix.spec, q)
	if err != nil {
		return nil, err
	}
	text := ix.text.textQuery(p.Text, ix.text.all)
	ranked := len(p.Sort) == 0
	c, err := ix.collect(ctx, ix.query(p, text, ranked), p, ranked)
	if err != nil {
		return nil, fmt.Errorf("search: bleve: search %s: %w", index, err)
	}
	out := &Result{Total: min(c.total, ix.spec.MaxTotalHits), Hits: make([]Hit, 0, len(c.ids)), Facets: c.facets}
	for _, id := range c.ids {
		out.Hits = append(out.Hits, Hit{ID: id})
	}
	if len(p.Highlight) > 0 && len(out.Hits) > 0 {
		if err := ix.highlight(ctx, ix.text.textQuery(p.Text, ix.text.located), p.Highlight, out.Hits); err != nil {
			return nil, fmt.Errorf("search: bleve: highlight in %s: %w", index, err)
		}
	}
	for _, f := range p.Facets {
		if out.Facets[f] == nil {
			out.Facets[f] = map[string]int{}
		}
	}
	return out, nil
}

// query combines the text query (which must match) with the filters (which
// don't score) and, when ranked, the primary field's clauses (which only
// add to the score).
func (ix *bleveIndex) query(p *plan, text query.Query, ranked bool) query.Query {
	var must query.Query = query.NewMatchAllQuery()
	if text != nil {
		must = text
	}
	var should []query.Query
	if ranked && text != nil {
		if rank := ix.text.textQuery(p.Text, ix.text.primary); rank != nil {
			should = append(should, rank)
		}
	}
	if len(p.Filters) == 0 && len(should) == 0 {
		return must
	}
	filters := make([]query.Query, 0, len(p.Filters)+1)
	for _, f := range p.Filters {
		filters = append(filters, bleveFilter(f))
	}
	if !ranked {
		// Nothing scores: one conjunction lets the most selective clause
		// lead, so that costly text clauses (phrases) are checked only on
		// documents that pass the filters.
		if text != nil {
			filters = append(filters, text)
		}
		return query.NewConjunctionQuery(filters)
	}
	bq := query.NewBooleanQuery([]query.Query{must}, should, nil)
	if len(filters) > 0 {
		bq.Filter = query.NewConjunctionQuery(filters)
	}
	return bq
}

// bleveFilter turns a validated filter into exact term queries (values are
// looked up as whole terms in a keyword field, never analysed or parsed) or
// an inclusive numeric range.
func bleveFilter(f Filter) query.Query {
	if len(f.Values) > 0 {
		terms := make([]query.Query, 0, len(f.Values))
		for _, v := range f.Values {
			terms = append(terms, term(v, f.Field, 1))
		}
		return query.NewDisjunctionQuery(terms)
	}
	inclusive := true
	r := query.NewNumericRangeInclusiveQuery(f.Min, f.Max, &inclusive, &inclusive)
	r.SetField(f.Field)
	return r
}

// highlight fills in the highlights of hits. It runs the text query again,
// restricted to these documents and with term locations; collecting
// locations for every match of the main query would cost far more.
func (ix *bleveIndex) highlight(ctx context.Context, text query.Query, fields []string, hits []Hit) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	var q query.Query = query.NewDocIDQuery(ids)
	if text != nil {
		q = query.NewConjunctionQuery([]query.Query{q, text})
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.IncludeLocations = text != nil
	for _, f := range fields {
		req.Fields = append(req.Fields, storedField(f))
	}
	res, err := ix.index.SearchInContext(ctx, req)
	if err != nil {
		return err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		byID[h.ID] = h
	}
	for i := range hits {
		if h, ok := byID[hits[i].ID]; ok {
			hits[i].Highlights = ix.bleveHighlights(h, fields)
		}
	}
	return nil
}

// bleveHighlights builds each requested field's highlight from its stored
// text and the byte offsets of the terms that matched it in either
// catch-all copy (those at the field's array position).
func (ix *bleveIndex) bleveHighlights(h *bsearch.DocumentMatch, fields []string) map[string]string {
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		text, ok := h.Fields[storedField(f)].(string)
		if !ok {
			continue
		}
		slot := []uint64{uint64(ix.spec.textSlot(f))}
		var spans []span
		for _, field := range []string{enAll, zhAll} {
			for _, locs := range h.Locations[field] {
				for _, l := range locs {
					if slices.Equal(l.ArrayPositions, slot) {
						spans = append(spans, span{int(l.Start), int(l.End)})
					}
				}
			}
		}
		out[f] = markSpans(text, spans)
	}
	return out
}
