package meili

import (
	"context"
	"encoding/json"
	"fmt"

	ms "github.com/meilisearch/meilisearch-go"

	"market/search"
	"market/search/internal/highlight"
)

// Search runs a structured query: the rewritten text with matching
// strategy "all", the filter expression from meiliFilter, facets, sort,
// exhaustive page-based pagination and highlights, which it rebuilds as safe
// HTML from the tagged text Meilisearch returns.
func (m *Engine) Search(ctx context.Context, index string, q search.Query) (*search.Result, error) {
	ix, err := m.get(index)
	if err != nil {
		return nil, err
	}
	p, err := search.PlanQuery(&ix.spec, q)
	if err != nil {
		return nil, err
	}
	req, keys, err := meiliRequest(ix, p)
	if err != nil {
		return nil, err
	}
	cctx, cancel := m.call(ctx)
	defer cancel()
	resp, err := m.client.Index(m.uid(index)).Search(cctx, "", req)
	if err != nil {
		return nil, meiliError("search "+index, err)
	}
	res, err := meiliResult(resp, p, synonymMarks(ix.seg, keys))
	if err != nil {
		return nil, fmt.Errorf("search: meilisearch: search %s: %w", index, err)
	}
	return res, nil
}

// meiliRequest builds the search request for a validated query; keys are
// the query's synonym spellings that are Chinese runs (see meiliQueryText).
func meiliRequest(ix *meiliIndex, p *search.Plan) (req *ms.SearchRequest, keys []string, err error) {
	filter, err := meiliFilter(&ix.spec, p.Filters)
	if err != nil {
		return nil, nil, err
	}
	size := int64(p.PageSize)
	text, keys := meiliQueryText(ix.seg, p.Text)
	req = &ms.SearchRequest{
		Query:                text,
		Page:                 int64(p.Page),
		HitsPerPage:          &size,
		Facets:               p.Facets,
		MatchingStrategy:     ms.All,
		AttributesToRetrieve: append([]string{search.IDField}, p.Highlight...),
	}
	if filter != "" {
		req.Filter = filter
	}
	if len(keys) == 0 {
		req.AttributesToSearchOn = textFields(&ix.spec)
	}
	for _, k := range p.Sort {
		dir := ":asc"
		if k.Desc {
			dir = ":desc"
		}
		req.Sort = append(req.Sort, k.Field+dir)
	}
	if len(p.Highlight) > 0 {
		req.AttributesToHighlight = p.Highlight
		req.HighlightPreTag, req.HighlightPostTag = highlight.MarkOpen, highlight.MarkClose
	}
	return req, keys, nil
}

// meiliResult decodes a search response: IDs, the exhaustive total, facet
// counts and highlights, with marks (see synonymMarks) marked too.
func meiliResult(resp *ms.SearchResponse, p *search.Plan, marks []string) (*search.Result, error) {
	res := &search.Result{Total: int(resp.TotalHits), Hits: make([]search.Hit, 0, len(resp.Hits))}
	for _, h := range resp.Hits {
		var id string
		if err := json.Unmarshal(h[search.IDField], &id); err != nil || id == "" {
			return nil, fmt.Errorf("hit without a string id: %s", h[search.IDField])
		}
		hl, err := meiliHighlights(h, p.Highlight, p.Crop, marks)
		if err != nil {
			return nil, fmt.Errorf("hit %s: %w", id, err)
		}
		res.Hits = append(res.Hits, search.Hit{ID: id, Highlights: hl})
	}
	if len(p.Facets) > 0 {
		var dist map[string]map[string]int
		if len(resp.FacetDistribution) > 0 && string(resp.FacetDistribution) != "null" {
			if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
				return nil, fmt.Errorf("decode facetDistribution: %w", err)
			}
		}
		res.Facets = make(map[string]map[string]int, len(p.Facets))
		for _, f := range p.Facets {
			counts := dist[f]
			if counts == nil {
				counts = map[string]int{}
			}
			res.Facets[f] = counts
		}
	}
	return res, nil
}

// meiliHighlights rebuilds each requested field's highlight from the hit's
// _formatted text and its original text: only the tags Meilisearch inserted
// become <mark>, with the words of marks, and everything else is escaped;
// then crops it.
func meiliHighlights(h ms.Hit, fields []string, crop search.Crop, marks []string) (map[string]string, error) {
	if len(fields) == 0 {
		return nil, nil
	}
	var formatted map[string]json.RawMessage
	if raw, ok := h["_formatted"]; ok {
		if err := json.Unmarshal(raw, &formatted); err != nil {
			return nil, fmt.Errorf("decode _formatted: %w", err)
		}
	}
	out := make(map[string]string, len(fields))
	for _, f := range fields {
		var original, tagged string
		if json.Unmarshal(h[f], &original) != nil {
			continue // absent, or not a single string
		}
		if json.Unmarshal(formatted[f], &tagged) != nil {
			tagged = original
		}
		out[f] = highlight.Crop(crop, highlight.Tagged(tagged, original, highlight.MarkOpen, highlight.MarkClose, wordSpans(original, marks)...))
	}
	return out, nil
}
