package app

import (
	"context"
	"time"

	"market/models"
	"market/search/indexer"
)

// OpportunityInput holds the fields a buyer sets on a listing. On update,
// nil fields are left as they are.
type OpportunityInput struct {
	Title         *string
	Description   *string
	Domain        *string
	District      *string
	Scenarios     *[]string
	Capabilities  *[]string
	Budget        *models.Budget
	BidDeadline   *time.Time
	DeliveryStart *time.Time
	DeliveryEnd   *time.Time
	Eligibility   *models.Eligibility
	Criteria      *[]models.Criterion
}

// apply copies the set fields onto o.
func (in *OpportunityInput) apply(o *models.Opportunity) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&o.Title, in.Title)
	set(&o.Description, in.Description)
	set(&o.Domain, in.Domain)
	set(&o.District, in.District)
	if in.Scenarios != nil {
		o.Scenarios = append([]string{}, *in.Scenarios...)
	}
	if in.Capabilities != nil {
		o.Capabilities = append([]string{}, *in.Capabilities...)
	}
	if in.Budget != nil {
		o.Budget = *in.Budget
	}
	for _, t := range []struct {
		dst *time.Time
		src *time.Time
	}{{&o.BidDeadline, in.BidDeadline}, {&o.DeliveryStart, in.DeliveryStart}, {&o.DeliveryEnd, in.DeliveryEnd}} {
		if t.src != nil {
			*t.dst = t.src.UTC().Truncate(time.Millisecond)
		}
	}
	if in.Eligibility != nil {
		o.Eligibility = *in.Eligibility
	}
	if in.Criteria != nil {
		o.Criteria = append([]models.Criterion{}, *in.Criteria...)
	}
}

// CreateOpportunity drafts a listing for the actor's organisation:
// government_need for a government body, sme_help for an SME.
func (a *App) CreateOpportunity(ctx context.Context, actor models.Actor, kind string, in OpportunityInput) (*models.Opportunity, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	switch {
	case kind == models.KindGovernmentNeed && org.Kind != models.OrgGovernment:
		return nil, models.Errorf(models.EFORBIDDEN, "only government organisations post government needs")
	case kind == models.KindSMEHelp && !(org.Kind == models.OrgEnterprise && org.SME):
		return nil, models.Errorf(models.EFORBIDDEN, "only SMEs post help requests")
	case kind != models.KindGovernmentNeed && kind != models.KindSMEHelp:
		return nil, models.Invalid(models.FieldError{Location: "body.kind", Message: "kind must be government_need or sme_help"})
	}
	now := a.Now()
	o := &models.Opportunity{
		ID: models.NewID(), Kind: kind, Status: models.StatusDraft, Version: 1,
		Scenarios: []string{}, Capabilities: []string{}, Criteria: []models.Criterion{},
		District:    org.District,
		Eligibility: models.Eligibility{VerifiedOnly: true},
		Buyer:       models.OrgRef{ID: org.ID, Name: org.Name, Kind: org.Kind, SME: org.SME},
		CreatedAt:   now, UpdatedAt: now,
	}
	in.apply(o)
	if errs := o.Validate("body"); len(errs) > 0 {
		return nil, models.Invalid(errs...)
	}
	if o.Code, err = a.db.NextCode(ctx, now.In(shanghai()).Year()); err != nil {
		return nil, err
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := create(ctx, a, a.opportunityAggregate(), o.ID, o, ea, &change{Type: "opportunity.drafted", Summary: "drafted " + o.Code}, now); err != nil {
		return nil, err
	}
	return o, nil
}

// Opportunity returns a listing the actor may see: public listings to
// everyone, the rest to the owner organisation and operators (not_found for
// anyone else). A published listing past its deadline is closed first.
func (a *App) Opportunity(ctx context.Context, actor models.Actor, id string) (*models.Opportunity, error) {
	o, err := a.db.OpportunityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(actor, o) {
		return nil, models.Errorf(models.ENOTFOUND, "opportunity not found")
	}
	if o.Status == models.StatusPublished && o.DeadlinePassed(a.Now()) {
		if _, err := a.closeIfDue(ctx, id); err != nil {
			return nil, err
		}
		if o, err = a.db.OpportunityByID(ctx, id); err != nil {
			return nil, err
		}
	}
	return o, a.countBids(ctx, o)
}

// countBids sets o.BidCount to the number of active bids.
func (a *App) countBids(ctx context.Context, o *models.Opportunity) (err error) {
	o.BidCount, err = a.db.CountBidSlots(ctx, o.ID)
	return err
}

// canSee reports whether actor may know the listing exists.
func canSee(actor models.Actor, o *models.Opportunity) bool {
	return o.IsPublic() || actor.IsOperator() || actor.MemberOf(o.Buyer.ID)
}

// requireMember allows signed-in members of an organisation.
func requireMember(actor models.Actor) error {
	switch {
	case actor.Anonymous():
		return models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	case actor.Role != models.RoleMember || actor.OrganizationID == "":
		return models.Errorf(models.EFORBIDDEN, "only members of an organisation may do this")
	}
	return nil
}

// shanghai is the city's time zone, for the year of public codes.
func shanghai() *time.Location { return time.FixedZone("CST", 8*3600) }

// opportunityAggregate describes listings to the versioned write: a
// stored change is indexed, and bidders and the buyer are notified of it.
func (a *App) opportunityAggregate() aggregate[models.Opportunity] {
	return aggregate[models.Opportunity]{
		kind:     kindOpportunity,
		load:     a.db.OpportunityByID,
		version:  func(o *models.Opportunity) *int { return &o.Version },
		touch:    func(o *models.Opportunity, now time.Time) { o.UpdatedAt = now },
		indexKey: func(id string) string { return indexer.OpportunityKeyPrefix + id },
		alerts:   true,
		stored: func(ctx context.Context, o *models.Opportunity, c *change) {
			a.storedOpportunity(o)
			a.indexOpportunity(ctx, o)
			a.notify(ctx, o, c)
		},
	}
}

// changeOpportunity applies one change to a listing, serialised per listing:
// it loads the listing, closes it first if its deadline has passed, lets
// apply check and change it, then commits the change (see held.commit).
// apply returns nil to change nothing.
func (a *App) changeOpportunity(ctx context.Context, actor models.Actor, id string,
	apply func(o *models.Opportunity, now time.Time) (*change, error)) (*models.Opportunity, error) {
	h, err := hold(ctx, a, a.opportunityAggregate(), id)
	if err != nil {
		return nil, err
	}
	defer h.release()
	o, now := h.doc, a.Now()
	if o.Status == models.StatusPublished && o.DeadlinePassed(now) {
		// The clock first, under the same lock: no late action slips through.
		if err := h.commit(ctx, systemActor(), closeChange(o), now, nil); err != nil {
			return nil, err
		}
	}
	if !canSee(actor, o) {
		return nil, models.Errorf(models.ENOTFOUND, "opportunity not found")
	}
	c, err := apply(o, now)
	if err != nil || c == nil {
		return o, err
	}
	ea, err := a.eventActor(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := h.commit(ctx, ea, c, now, nil); err != nil {
		return nil, err
	}
	return o, nil
}

// closeChange closes a published listing at its deadline.
func closeChange(o *models.Opportunity) *change {
	o.Status = models.StatusClosed
	return &change{Type: "opportunity.closed", Summary: "bid deadline passed; bidding closed", Public: true,
		Changes: []models.Change{{Field: "status", Before: models.StatusPublished, After: models.StatusClosed}}}
}
