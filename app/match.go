package app

import (
	"context"
	"fmt"
	"math"

	"market/models"
)

// ProviderMatchList is one page of providers ranked for a listing.
type ProviderMatchList struct {
	Items          []ProviderMatch
	Total          int
	Page, PageSize int
}

// ListingMatchList is one page of listings ranked for a provider.
type ListingMatchList struct {
	Items          []ListingMatch
	Total          int
	Page, PageSize int
}

// OpportunityMatches ranks the verified providers for a listing, with the
// reasons; members of the owner organisation and operators only (others
// get not_found for a listing they may not see, forbidden for one they may).
func (a *App) OpportunityMatches(ctx context.Context, actor models.Actor, id string, page, pageSize int) (*ProviderMatchList, error) {
	if actor.Anonymous() {
		return nil, models.Errorf(models.EUNAUTHENTICATED, "sign in first")
	}
	if err := validPage(page, pageSize); err != nil {
		return nil, err
	}
	o, err := a.db.OpportunityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(actor, o) {
		return nil, models.Errorf(models.ENOTFOUND, "opportunity not found")
	}
	if !actor.IsOperator() && !actor.MemberOf(o.Buyer.ID) {
		return nil, models.Errorf(models.EFORBIDDEN, "only the buyer's organisation and operators see matching providers")
	}
	_, upTo := pageBounds(page, pageSize)
	ranked, err := a.rankedProviders(ctx, o, upTo)
	if err != nil {
		return nil, fmt.Errorf("ranking providers: %w", err)
	}
	return &ProviderMatchList{Items: providerMatches(a.matchFeatures.ix, o, ranked.page(page, pageSize)), Total: ranked.total, Page: page, PageSize: pageSize}, nil
}

// Recommendations ranks the published listings still open for bids that
// fit the actor's organisation as a provider (not its own listings).
func (a *App) Recommendations(ctx context.Context, actor models.Actor, page, pageSize int) (*ListingMatchList, error) {
	if err := requireMember(actor); err != nil {
		return nil, err
	}
	if err := validPage(page, pageSize); err != nil {
		return nil, err
	}
	org, err := a.db.OrganizationByID(ctx, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	if !org.IsProvider() {
		return nil, models.Errorf(models.EFORBIDDEN, "recommendations are for provider organisations")
	}
	// An unverified provider is told what would fit once verified.
	p := *org
	p.Verification = models.VerificationVerified
	ix := a.matchFeatures.ix
	f := ix.features(&p)
	_, upTo := pageBounds(page, pageSize)
	ranked, err := a.rankedListings(ctx, &p, &f, upTo)
	if err != nil {
		return nil, fmt.Errorf("ranking listings: %w", err)
	}
	return &ListingMatchList{Items: listingMatches(ix, &p, &f, ranked.page(page, pageSize)), Total: ranked.total, Page: page, PageSize: pageSize}, nil
}

// rankedProviders ranks the verified providers for listing o, keeping
// those that pages ending at item upTo read: those of the resident set,
// or those read from the store with the features cached.
func (a *App) rankedProviders(ctx context.Context, o *models.Opportunity, upTo int) (*ranking[rankedProvider], error) {
	q := a.matchFeatures.ix.query(o)
	if r := a.residents.providers; r != nil {
		var ranked *ranking[rankedProvider]
		err := r.view(ctx, func(providers []*models.Organization, features []matchFeatures) {
			ranked = rankProviders(a.matchFeatures.ix, o, &q, providers, features, upTo)
		})
		return ranked, err
	}
	providers, err := a.db.VerifiedProviders(ctx)
	if err != nil {
		return nil, err
	}
	return rankProviders(a.matchFeatures.ix, o, &q, providers, a.matchFeatures.providers(providers), upTo), nil
}

// rankedListings ranks the published listings still open for bids for
// provider p with features f, keeping those that pages ending at item
// upTo read: those of the resident set whose deadline is to come, or those
// the store finds open with the queries cached.
func (a *App) rankedListings(ctx context.Context, p *models.Organization, f *matchFeatures, upTo int) (*ranking[*models.Opportunity], error) {
	now := a.Now()
	if r := a.residents.openListings; r != nil {
		var ranked *ranking[*models.Opportunity]
		err := r.view(ctx, func(listings []*models.Opportunity, queries []matchQuery) {
			ranked = rankListings(a.matchFeatures.ix, p, f, listings, queries, instantOf(now), upTo)
		})
		return ranked, err
	}
	listings, err := a.db.OpenListings(ctx, now)
	if err != nil {
		return nil, err
	}
	// The store has left out the listings whose deadline has passed.
	return rankListings(a.matchFeatures.ix, p, f, listings, a.matchFeatures.listings(listings), instant{sec: math.MinInt64}, upTo), nil
}

// validPage checks page and pageSize.
func validPage(page, pageSize int) error {
	if page < 1 || pageSize < 1 || pageSize > 100 {
		return models.Invalid(models.FieldError{Location: "query.pageSize", Message: "page must be at least 1 and pageSize 1 to 100"})
	}
	return nil
}
