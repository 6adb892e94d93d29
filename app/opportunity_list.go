package app

import (
	"context"
	"slices"

	"market/app/mongo"
	"market/models"
)

// publicStatuses are the statuses of listings everyone may see.
func publicStatuses() []string {
	return []string{models.StatusPublished, models.StatusClosed, models.StatusAwarded, models.StatusCompleted,
		models.StatusUnsuccessful, models.StatusCancelled}
}

// OpportunityQuery selects listings: by statuses (default published), kind,
// and Mine for the caller organisation's own listings of any status.
type OpportunityQuery struct {
	Statuses []string
	Kind     string
	Mine     bool
	Page     int
	PageSize int
}

// OpportunityList is one page of listings.
type OpportunityList struct {
	Items    []*models.Opportunity
	Total    int
	Page     int
	PageSize int
}

// ListOpportunities lists the listings the actor may see. Anyone sees public
// ones; Mine lists the caller organisation's own in any status; operators
// may list any status (pending_review is their review queue).
func (a *App) ListOpportunities(ctx context.Context, actor models.Actor, q OpportunityQuery) (*OpportunityList, error) {
	f := mongo.OpportunityFilter{Statuses: q.Statuses, Kind: q.Kind, Page: q.Page, PageSize: q.PageSize}
	if len(f.Statuses) == 0 {
		f.Statuses = []string{models.StatusPublished}
		if q.Mine {
			f.Statuses = append(publicStatuses(), models.StatusDraft, models.StatusPendingReview, models.StatusRejected)
		}
	}
	switch {
	case q.Mine:
		if err := requireMember(actor); err != nil {
			return nil, err
		}
		f.BuyerID = actor.OrganizationID
	case actor.IsOperator():
	default:
		// Public statuses for everyone (a cancelled listing only if it was
		// ever published), and members see their own listings in any status.
		requested := f.Statuses
		f.Statuses, f.PublishedOnly = intersect(requested, publicStatuses()), true
		if actor.Role == models.RoleMember && actor.OrganizationID != "" {
			f.OwnStatuses, f.OwnerID = requested, actor.OrganizationID
		}
	}
	items, total, err := a.db.ListOpportunities(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, o := range items {
		if err := a.countBids(ctx, o); err != nil {
			return nil, err
		}
	}
	return &OpportunityList{Items: items, Total: total, Page: q.Page, PageSize: q.PageSize}, nil
}

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
