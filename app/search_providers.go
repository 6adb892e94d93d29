package app

import (
	"context"
	"fmt"
	"strings"

	"market/models"
	"market/search"
	"market/search/indexer"
)

// ProviderQuery searches verified providers. Several values of one filter
// are alternatives; different filters all apply.
type ProviderQuery struct {
	// Text is searched in names, profile summaries, capability labels
	// (Chinese and English) and case study titles.
	Text         string
	Capabilities []string
	// Districts keeps providers based in or serving any of them.
	Districts []string
	// SME keeps SMEs (true) or other enterprises (false).
	SME      *bool
	Page     int
	PageSize int
}

// ProviderList is one page of verified providers.
type ProviderList struct {
	Items []*models.Organization
	// Highlights holds, parallel to Items, the matched text fields (name,
	// summary), HTML-escaped with <mark> around matches; nil without.
	Highlights []map[string]string
	// Facets counts capability, district and sme values over all matches.
	Facets   map[string]map[string]int
	Total    int
	Page     int
	PageSize int
}

// providerFacets are the facets of provider searches.
func providerFacets() []facet {
	return []facet{{"capability", "capabilities"}, {"district", "districts"}, {"sme", "sme"}}
}

// SearchProviders searches the directory of verified providers; anyone may.
func (a *App) SearchProviders(ctx context.Context, q ProviderQuery) (*ProviderList, error) {
	q.Text = strings.TrimSpace(q.Text)
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = search.DefaultPageSize
	}
	if errs := q.validate(); len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	s := a.search
	if !s.Usable() {
		return nil, s.Unusable()
	}
	sq := search.Query{Text: q.Text, Page: q.Page, PageSize: q.PageSize}
	if len(q.Capabilities) > 0 {
		sq.Filters = append(sq.Filters, search.Terms("capabilities", q.Capabilities...))
	}
	if len(q.Districts) > 0 {
		sq.Filters = append(sq.Filters, search.Terms("districts", q.Districts...))
	}
	if q.SME != nil {
		sq.Filters = append(sq.Filters, search.Terms("sme", fmt.Sprint(*q.SME)))
	}
	for _, f := range providerFacets() {
		sq.Facets = append(sq.Facets, f.field)
	}
	if q.Text == "" {
		sq.Sort = []string{"sortName"}
	} else {
		sq.Highlight, sq.Crop = []string{"name", "summary"}, highlightCrop()
	}
	res, err := s.Engine().Search(ctx, indexer.ProviderIndex, sq)
	if err != nil {
		return nil, fmt.Errorf("searching providers: %w", err)
	}
	docs, err := a.providerSummaries(ctx, hitIDs(res.Hits))
	if err != nil {
		return nil, err
	}
	list := &ProviderList{Items: make([]*models.Organization, 0, len(res.Hits)), Facets: facetCounts(providerFacets(), res.Facets),
		Total: res.Total, Page: q.Page, PageSize: q.PageSize}
	for _, h := range res.Hits {
		if o := docs[h.ID]; o != nil && indexer.IsProvider(o) {
			list.Items = append(list.Items, o)
			list.Highlights = append(list.Highlights, marked(h.Highlights))
		}
	}
	return list, nil
}

// validate checks the query's codes against the vocabularies and its bounds.
func (q *ProviderQuery) validate() []models.FieldError {
	v := models.AllVocabularies()
	var errs []models.FieldError
	for _, c := range []struct {
		name   string
		values []string
		terms  []models.Term
	}{{"capability", q.Capabilities, v.Capabilities}, {"district", q.Districts, v.Districts}} {
		for i, code := range c.values {
			if !models.HasCode(c.terms, code) {
				errs = append(errs, models.FieldError{Location: fmt.Sprintf("query.%s[%d]", c.name, i), Message: "unknown value " + quoted(code)})
				break
			}
		}
	}
	if len(q.Text) > 600 {
		errs = append(errs, models.FieldError{Location: "query.q", Message: "must be at most 600 bytes"})
	}
	if q.Page < 1 || q.PageSize < 1 || q.PageSize > search.MaxPageSize {
		errs = append(errs, models.FieldError{Location: "query.pageSize", Message: fmt.Sprintf("page must be at least 1 and pageSize 1 to %d", search.MaxPageSize)})
	}
	return errs
}

// providerSummaries returns the organisations ids: from memory when this
// process keeps them, else (and for any it lacks, which it then keeps) from
// the database.
func (a *App) providerSummaries(ctx context.Context, ids []string) (map[string]*models.Organization, error) {
	c := a.search.Providers()
	found, missing := map[string]*models.Organization{}, ids
	if c != nil {
		found, missing = c.Get(ids)
	}
	if len(missing) > 0 {
		docs, err := a.db.OrganizationsByIDs(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, o := range docs {
			found[o.ID] = o
			if c != nil && indexer.IsProvider(o) {
				c.Put(o.ID, o.Version, o)
			}
		}
	}
	return found, nil
}
