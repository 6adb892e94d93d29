package app

import (
	"context"
	"fmt"

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
	providers, err := a.verifiedProviders(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading providers to match: %w", err)
	}
	ranked := rankProviders(a.matchFeatures, o, providers)
	return &ProviderMatchList{Items: providerMatches(o, ranked.page(page, pageSize)), Total: ranked.total, Page: page, PageSize: pageSize}, nil
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
	open, err := a.openListings(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading listings to recommend: %w", err)
	}
	// An unverified provider is told what would fit once verified.
	p := *org
	p.Verification = models.VerificationVerified
	ranked := rankListings(a.matchFeatures, &p, open)
	return &ListingMatchList{Items: listingMatches(&p, ranked.page(page, pageSize)), Total: ranked.total, Page: page, PageSize: pageSize}, nil
}

// validPage checks page and pageSize.
func validPage(page, pageSize int) error {
	if page < 1 || pageSize < 1 || pageSize > 100 {
		return models.Invalid(models.FieldError{Location: "query.pageSize", Message: "page must be at least 1 and pageSize 1 to 100"})
	}
	return nil
}
