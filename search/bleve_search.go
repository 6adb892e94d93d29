package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Search runs a structured query: the text query, filters as exact term and
// numeric range queries built from the values (never parsed), facet counts
// over all matches, the sort (relevance by default), one page of hits and
// their highlights.
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
	req := bleve.NewSearchRequestOptions(ix.query(p), p.PageSize, p.Offset, false)
	req.SortByCustom(bleveSort(p.Sort))
	for _, f := range p.Facets {
		req.AddFacet(f, bleve.NewFacetRequest(f, ix.spec.MaxFacetValues))
	}
	if len(p.Highlight) > 0 {
		req.IncludeLocations = true
		for _, f := range p.Highlight {
			req.Fields = append(req.Fields, enField(f))
		}
	}
	res, err := ix.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: bleve: search %s: %w", index, err)
	}
	out := &Result{Total: int(min(res.Total, uint64(ix.spec.MaxTotalHits))), Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, Hit{ID: h.ID, Highlights: bleveHighlights(h, p.Highlight)})
	}
	if len(p.Facets) > 0 {
		out.Facets = make(map[string]map[string]int, len(p.Facets))
		for _, f := range p.Facets {
			counts := map[string]int{}
			if fr, ok := res.Facets[f]; ok && fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					counts[t.Term] = t.Count
				}
			}
			out.Facets[f] = counts
		}
	}
	return out, nil
}

// query combines the text query (which scores) with the filters (which don't).
func (ix *bleveIndex) query(p *plan) query.Query {
	var must query.Query = query.NewMatchAllQuery()
	if tq := ix.text.textQuery(p.Text); tq != nil {
		must = tq
	}
	if len(p.Filters) == 0 {
		return must
	}
	filters := make([]query.Query, 0, len(p.Filters))
	for _, f := range p.Filters {
		filters = append(filters, bleveFilter(f))
	}
	bq := query.NewBooleanQuery([]query.Query{must}, nil, nil)
	bq.Filter = query.NewConjunctionQuery(filters)
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

// bleveSort orders by the requested fields (documents without a value
// last), then by relevance, then by ID so that pages never overlap.
func bleveSort(keys []sortKey) bsearch.SortOrder {
	order := make(bsearch.SortOrder, 0, len(keys)+2)
	for _, k := range keys {
		order = append(order, &bsearch.SortField{
			Field:   k.Field,
			Desc:    k.Desc,
			Type:    bsearch.SortFieldAuto,
			Missing: bsearch.SortFieldMissingLast,
		})
	}
	return append(order, &bsearch.SortScore{Desc: true}, &bsearch.SortDocID{})
}

// bleveHighlights builds each requested field's highlight from its stored
// text and the byte offsets of the terms that matched in either copy.
func bleveHighlights(h *bsearch.DocumentMatch, fields []string) map[string]string {
	if len(fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		text, ok := h.Fields[enField(f)].(string)
		if !ok {
			continue
		}
		var spans []span
		for _, field := range []string{enField(f), zhField(f)} {
			for _, locs := range h.Locations[field] {
				for _, l := range locs {
					if len(l.ArrayPositions) == 0 {
						spans = append(spans, span{int(l.Start), int(l.End)})
					}
				}
			}
		}
		out[f] = markSpans(text, spans)
	}
	return out
}
