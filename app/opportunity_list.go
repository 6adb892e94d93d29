package app

import (
	"context"
	"slices"

	"market/app/store"
	"market/models"
)

// OpportunityList is one page of listings.
type OpportunityList struct {
	// Items are summaries: descriptions are cut to SummaryDescriptionLength.
	Items []*models.Opportunity
	// Highlights holds, parallel to Items, the matched text fields (title,
	// description): HTML-escaped with <mark> around matches; nil without.
	Highlights []map[string]string
	// Facets counts, over all matches, the values of domain, district,
	// capability and kind; empty for lists the search engine does not answer.
	Facets map[string]map[string]int
	// BidsCounted says that the items' BidCount is set (lists from the
	// database); search results do not count bids.
	BidsCounted bool
	Total       int
	Page        int
	PageSize    int
}

// ListOpportunities lists the listings the actor may see. Public listings
// are searched in the search index: everyone sees them, whatever statuses
// are asked for (other statuses are dropped, never added). Mine lists the
// caller organisation's own listings in any status, and operators may ask
// for any status (pending_review is their review queue): those two lists
// hold drafts, which the index never does, and come from the database.
func (a *App) ListOpportunities(ctx context.Context, actor models.Actor, q OpportunityQuery) (*OpportunityList, error) {
	q = q.withDefaults()
	if errs := q.validate(); len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	switch {
	case q.Mine:
		if err := requireMember(actor); err != nil {
			return nil, err
		}
		statuses := q.Statuses
		if len(statuses) == 0 {
			statuses = append(publicStatuses(), models.StatusDraft, models.StatusPendingReview, models.StatusRejected)
		}
		return a.listFromDatabase(ctx, actor, q, store.OpportunityQuery{Statuses: statuses, BuyerID: actor.OrganizationID})
	case actor.IsOperator() && len(intersect(q.Statuses, publicStatuses())) < len(q.Statuses):
		return a.listFromDatabase(ctx, actor, q, store.OpportunityQuery{Statuses: q.Statuses})
	}
	statuses := q.Statuses
	if len(statuses) == 0 {
		statuses = []string{models.StatusPublished}
	}
	statuses = intersect(statuses, publicStatuses())
	if len(statuses) == 0 {
		return &OpportunityList{Items: []*models.Opportunity{}, Facets: emptyFacets(listingFacets()), Page: q.Page, PageSize: q.PageSize}, nil
	}
	if a.search.Engine() == nil {
		// No search engine in this process (a tool): the database answers.
		return a.listFromDatabase(ctx, actor, q, store.OpportunityQuery{Statuses: statuses, PublishedOnly: true})
	}
	return a.searchOpportunities(ctx, q, statuses)
}

// listFromDatabase lists the listings base selects, narrowed by q's
// filters, straight from the database.
func (a *App) listFromDatabase(ctx context.Context, actor models.Actor, q OpportunityQuery, base store.OpportunityQuery) (*OpportunityList, error) {
	base.Text, base.Kinds, base.Domains, base.Districts = q.Text, q.Kinds, q.Domains, q.Districts
	base.Capabilities, base.Scenarios, base.SMEOnly = q.Capabilities, q.Scenarios, q.SMEOnly
	base.BudgetMinFen, base.BudgetMaxFen, base.DeadlineFrom, base.DeadlineTo = q.BudgetMinFen, q.BudgetMaxFen, q.DeadlineFrom, q.DeadlineTo
	base.Sort, base.Page, base.PageSize = databaseSort(q.Sort), q.Page, q.PageSize
	items, total, err := a.db.FindOpportunities(ctx, base)
	if err != nil {
		return nil, err
	}
	list := &OpportunityList{Items: make([]*models.Opportunity, 0, len(items)), Highlights: make([]map[string]string, 0, len(items)),
		Facets: emptyFacets(listingFacets()), BidsCounted: true, Total: total, Page: q.Page, PageSize: q.PageSize}
	for _, o := range items {
		if !canSee(actor, o) {
			continue
		}
		if err := a.countBids(ctx, o); err != nil {
			return nil, err
		}
		list.Items = append(list.Items, opportunitySummary(o))
		list.Highlights = append(list.Highlights, nil)
	}
	return list, nil
}

// publicStatuses are the statuses of listings everyone may see (a
// cancelled listing only if it was published first).
func publicStatuses() []string {
	return []string{models.StatusPublished, models.StatusClosed, models.StatusAwarded, models.StatusCompleted,
		models.StatusUnsuccessful, models.StatusCancelled}
}

// intersect returns the elements of a that are in b, in a's order.
func intersect(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// OpportunityHistory returns a listing's events: the public ones to
// everyone who may see it, all of them to its owner and operators.
func (a *App) OpportunityHistory(ctx context.Context, actor models.Actor, id string) ([]*models.Event, error) {
	o, err := a.Opportunity(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	events, err := a.db.Events(ctx, models.StreamOpportunity+id)
	if err != nil {
		return nil, err
	}
	if actor.IsOperator() || actor.MemberOf(o.Buyer.ID) {
		return events, nil
	}
	public := []*models.Event{}
	for _, e := range events {
		if e.Public {
			public = append(public, e)
		}
	}
	return public, nil
}
