package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"market/models"
	"market/search"
	"market/search/indexer"
)

// Listing sorts (the API's sort parameter).
const (
	SortRelevance    = "relevance"
	SortDeadline     = "deadline"
	SortDeadlineDesc = "-deadline"
	SortPublished    = "-published"
	SortBudget       = "budget"
	SortBudgetDesc   = "-budget"
)

// OpportunityQuery selects listings. Several values of one filter are
// alternatives; different filters all apply. Empty fields select everything.
type OpportunityQuery struct {
	// Text is searched in titles, descriptions, capability and scenario
	// labels (Chinese and English) and buyer names.
	Text         string
	Statuses     []string // default published
	Kinds        []string
	Domains      []string
	Districts    []string
	Capabilities []string
	Scenarios    []string
	// BudgetMinFen keeps listings whose budget reaches it (maximum at or
	// above it); BudgetMaxFen those whose budget starts at or below it.
	BudgetMinFen, BudgetMaxFen *int64
	// DeadlineFrom and DeadlineTo bound the bid deadline, inclusively.
	DeadlineFrom, DeadlineTo *time.Time
	// SMEOnly keeps listings set aside for SMEs (true) or not (false).
	SMEOnly *bool
	// Sort is one of the Sort constants; default relevance with Text,
	// newest published first without.
	Sort string
	// Mine lists the caller organisation's own listings in any status.
	Mine     bool
	Page     int
	PageSize int
}

// withDefaults fills in the page, the page size and the sort.
func (q OpportunityQuery) withDefaults() OpportunityQuery {
	q.Text = strings.TrimSpace(q.Text)
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PageSize == 0 {
		q.PageSize = search.DefaultPageSize
	}
	if q.Sort == "" || (q.Sort == SortRelevance && q.Text == "") {
		q.Sort = SortPublished
		if q.Text != "" {
			q.Sort = SortRelevance
		}
	}
	return q
}

// validate checks the query's codes against the vocabularies and its bounds.
func (q *OpportunityQuery) validate() []models.FieldError {
	v := models.AllVocabularies()
	var errs []models.FieldError
	codes := func(name string, values []string, known func(string) bool) {
		for i, c := range values {
			if !known(c) {
				errs = append(errs, models.FieldError{Location: fmt.Sprintf("query.%s[%d]", name, i), Message: "unknown value " + quoted(c)})
				return
			}
		}
	}
	in := func(terms []models.Term) func(string) bool {
		return func(c string) bool { return models.HasCode(terms, c) }
	}
	oneOf := func(list ...string) func(string) bool { return func(c string) bool { return slices.Contains(list, c) } }
	codes("status", q.Statuses, oneOf(models.StatusDraft, models.StatusPendingReview, models.StatusRejected, models.StatusPublished,
		models.StatusClosed, models.StatusAwarded, models.StatusCompleted, models.StatusCancelled, models.StatusUnsuccessful))
	codes("kind", q.Kinds, oneOf(models.KindGovernmentNeed, models.KindSMEHelp))
	codes("domain", q.Domains, in(v.Domains))
	codes("district", q.Districts, in(v.Districts))
	codes("capability", q.Capabilities, in(v.Capabilities))
	codes("scenario", q.Scenarios, in(v.Scenarios))
	codes("sort", []string{q.Sort}, oneOf(SortRelevance, SortDeadline, SortDeadlineDesc, SortPublished, SortBudget, SortBudgetDesc))
	for _, b := range []struct {
		name string
		v    *int64
	}{{"budgetMinFen", q.BudgetMinFen}, {"budgetMaxFen", q.BudgetMaxFen}} {
		if b.v != nil && (*b.v < 0 || *b.v > models.MaxBudgetFen) {
			errs = append(errs, models.FieldError{Location: "query." + b.name, Message: "must be from 0 to the largest budget"})
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

// quoted quotes a caller's value for a message, cut to a readable length.
func quoted(s string) string { return fmt.Sprintf("%q", excerpt(s, 40)) }

// searchSort maps a listing sort to the index's sort.
func searchSort(sort string) []string {
	switch sort {
	case SortDeadline:
		return []string{"bidDeadline"}
	case SortDeadlineDesc:
		return []string{"-bidDeadline"}
	case SortPublished:
		return []string{"-publishedAt"}
	case SortBudget:
		return []string{"budgetMaxFen"}
	case SortBudgetDesc:
		return []string{"-budgetMaxFen"}
	}
	return nil // relevance
}

// databaseSort maps a listing sort to the database's.
func databaseSort(sort string) string {
	switch sort {
	case SortDeadline:
		return "bidDeadline"
	case SortDeadlineDesc:
		return "-bidDeadline"
	case SortPublished:
		return "-publishedAt"
	case SortBudget:
		return "budget.maxFen"
	case SortBudgetDesc:
		return "-budget.maxFen"
	}
	return "" // newest change first
}

// facet is a facet as the API names it and the index field it counts.
type facet struct{ name, field string }

// listingFacets are the facets of listing searches.
func listingFacets() []facet {
	return []facet{{"domain", "domain"}, {"district", "district"}, {"capability", "capabilities"}, {"kind", "kind"}}
}

// emptyFacets returns a facet map with every facet and no counts.
func emptyFacets(facets []facet) map[string]map[string]int {
	out := make(map[string]map[string]int, len(facets))
	for _, f := range facets {
		out[f.name] = map[string]int{}
	}
	return out
}

// searchOpportunities answers a public listing query from the index; the
// statuses are already reduced to public ones.
func (a *App) searchOpportunities(ctx context.Context, q OpportunityQuery, statuses []string) (*OpportunityList, error) {
	s := a.search
	if !s.Usable() {
		return nil, s.Unusable()
	}
	sq := search.Query{Text: q.Text, Sort: searchSort(q.Sort), Page: q.Page, PageSize: q.PageSize,
		Filters: []search.Filter{search.Terms("status", statuses...)}}
	for _, f := range []struct {
		field  string
		values []string
	}{{"kind", q.Kinds}, {"domain", q.Domains}, {"district", q.Districts}, {"capabilities", q.Capabilities}, {"scenarios", q.Scenarios}} {
		if len(f.values) > 0 {
			sq.Filters = append(sq.Filters, search.Terms(f.field, f.values...))
		}
	}
	if q.SMEOnly != nil {
		sq.Filters = append(sq.Filters, search.Terms("smeOnly", fmt.Sprint(*q.SMEOnly)))
	}
	if q.BudgetMinFen != nil {
		sq.Filters = append(sq.Filters, search.Between("budgetMaxFen", ptr(float64(*q.BudgetMinFen)), nil))
	}
	if q.BudgetMaxFen != nil {
		sq.Filters = append(sq.Filters, search.Between("budgetMinFen", nil, ptr(float64(*q.BudgetMaxFen))))
	}
	if q.DeadlineFrom != nil || q.DeadlineTo != nil {
		sq.Filters = append(sq.Filters, search.TimeBetween("bidDeadline", q.DeadlineFrom, q.DeadlineTo))
	}
	for _, f := range listingFacets() {
		sq.Facets = append(sq.Facets, f.field)
	}
	if q.Text != "" {
		sq.Highlight, sq.Crop = []string{"title", "description"}, highlightCrop()
	}
	res, err := s.Engine().Search(ctx, indexer.OpportunityIndex, sq)
	if err != nil {
		return nil, fmt.Errorf("searching listings: %w", err)
	}
	docs, err := a.listingSummaries(ctx, hitIDs(res.Hits))
	if err != nil {
		return nil, err
	}
	list := &OpportunityList{Items: make([]*models.Opportunity, 0, len(res.Hits)), Facets: facetCounts(listingFacets(), res.Facets),
		Total: res.Total, Page: q.Page, PageSize: q.PageSize}
	for _, h := range res.Hits {
		// The index holds public listings only; checking again costs nothing.
		if o := docs[h.ID]; o != nil && o.IsPublic() && slices.Contains(statuses, o.Status) {
			list.Items = append(list.Items, o)
			list.Highlights = append(list.Highlights, marked(h.Highlights))
		}
	}
	return list, nil
}

// facetCounts renames the engine's facet counts as the API shows them.
func facetCounts(facets []facet, counts map[string]map[string]int) map[string]map[string]int {
	out := emptyFacets(facets)
	for _, f := range facets {
		for value, n := range counts[f.field] {
			out[f.name][value] = n
		}
	}
	return out
}

// listingSummaries returns the summaries of the listings ids: from memory
// when this process keeps them, else (and for any it lacks, which it then
// keeps) from the database.
func (a *App) listingSummaries(ctx context.Context, ids []string) (map[string]*models.Opportunity, error) {
	c := a.search.Listings()
	found, missing := map[string]*models.Opportunity{}, ids
	if c != nil {
		found, missing = c.Get(ids)
	}
	if len(missing) > 0 {
		docs, err := a.db.OpportunitiesByIDs(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, o := range docs {
			found[o.ID] = opportunitySummary(o)
			if c != nil && o.IsPublic() {
				c.Put(o.ID, o.Version, found[o.ID])
			}
		}
	}
	return found, nil
}

// hitIDs returns the IDs of hits.
func hitIDs(hits []search.Hit) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// marked keeps the highlights that mark a match; nil when none does.
func marked(h map[string]string) map[string]string {
	var out map[string]string
	for field, text := range h {
		if strings.Contains(text, "<mark>") {
			if out == nil {
				out = map[string]string{}
			}
			out[field] = text
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// highlightCrop is how long highlights are cut: 280 characters, from 60
// ahead of the first match.
func highlightCrop() search.Crop { return search.Crop{Length: 280, Before: 60} }
