package bleve

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search/query"

	"market/search"
)

// Search runs a structured query: the text query, filters as exact term and
// numeric range queries built from the values (never parsed), facet counts
// over all matches, the sort (relevance by default), one page of hits and
// their highlights.
//
// Relevance scores are computed only when results are ranked by them;
// facets and sorts read the segments' columns (see columns.go);
// highlights are computed from the stored text of the page's documents
// (see highlight.go).
func (b *Engine) Search(ctx context.Context, index string, q search.Query) (*search.Result, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	ix, err := b.get(index)
	if err != nil {
		return nil, err
	}
	p, err := search.PlanQuery(&ix.spec, q)
	if err != nil {
		return nil, err
	}
	text := ix.text.textQuery(p.Text, ix.text.all)
	ranked := len(p.Sort) == 0
	// Unranked queries are answered with bitmaps when their clauses allow
	// it (see bitmap.go); range filters are then checked on columns.
	bitmaps := !ranked && (text == nil || bitmapAnswerable(text))
	var lead query.Query
	var filters []search.Filter
	var columnFilters columnFilters
	if ranked && text != nil {
		// Term filters, answered by bitmaps, lead the scoring (see
		// led.go); they are split as for bitmaps.
		filters, columnFilters = ix.splitFilters(p.Filters, true, true)
		if lead = leadQuery(filters, text); lead != nil {
			filters = nil
		}
	}
	if lead == nil {
		filters, columnFilters = ix.splitFilters(p.Filters, text != nil, bitmaps)
	}
	c, err := ix.collect(ctx, ix.query(p, text, filters, ranked), lead, p, ranked, columnFilters, p.Highlight)
	if err != nil {
		return nil, fmt.Errorf("search: bleve: search %s: %w", index, err)
	}
	out := &search.Result{Total: min(c.total, ix.spec.MaxTotalHits), Hits: make([]search.Hit, 0, len(c.ids)), Facets: c.facets}
	for _, id := range c.ids {
		out.Hits = append(out.Hits, search.Hit{ID: id})
	}
	if len(p.Highlight) > 0 && len(out.Hits) > 0 {
		h := ix.text.newHighlighter(p.Text)
		for i := range out.Hits {
			out.Hits[i].Highlights = make(map[string]string, len(p.Highlight))
			for _, f := range p.Highlight {
				if text, ok := c.texts[i][f]; ok {
					out.Hits[i].Highlights[f] = h.highlight(text, p.Crop)
				}
			}
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
func (ix *bleveIndex) query(p *search.Plan, text query.Query, filterList []search.Filter, ranked bool) query.Query {
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
	if len(filterList) == 0 && len(should) == 0 {
		return must
	}
	if !ranked {
		// Nothing scores: one conjunction lets the most selective clause
		// lead, so that costly text clauses (phrases) are checked only on
		// documents that pass the filters.
		filters := make([]query.Query, 0, len(filterList)+1)
		for _, f := range filterList {
			filters = append(filters, bleveFilter(f))
		}
		if text != nil {
			filters = append(filters, text)
		}
		return query.NewConjunctionQuery(filters)
	}
	bq := query.NewBooleanQuery([]query.Query{must}, should, nil)
	if f := filterQuery(filterList); f != nil {
		bq.Filter = f
	}
	return bq
}

// filterQuery is the conjunction of the filters' queries, or nil for none.
func filterQuery(filters []search.Filter) query.Query {
	if len(filters) == 0 {
		return nil
	}
	qs := make([]query.Query, 0, len(filters))
	for _, f := range filters {
		qs = append(qs, bleveFilter(f))
	}
	return query.NewConjunctionQuery(qs)
}

// bleveFilter turns a validated filter into exact term queries (values are
// looked up as whole terms in a keyword field, never analysed or parsed) or
// an inclusive numeric range.
func bleveFilter(f search.Filter) query.Query {
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
