package app

import (
	"context"

	"market/app/store"
	"market/models"
	"market/search/indexer"
)

// residents are the resident sets of a process that is its store's only
// writer (SearchOptions.Exclusive); each is nil otherwise, and its readers
// then read the store.
type residents struct {
	// providers are the verified providers, which matching ranks, with
	// their match features.
	providers *resident[models.Organization, matchFeatures]
	// openListings are the published listings, which recommendations
	// rank, with their match queries (those whose deadline has passed are
	// left out when ranked).
	openListings *resident[models.Opportunity, matchQuery]
	// savedSearches are every user's saved searches, which alerts match.
	savedSearches *resident[models.SavedSearch, struct{}]
}

// newResidents returns the resident sets over db, whose members' match
// features and queries ix computes.
func newResidents(db store.Store, a *App, ix *matchIndex) residents {
	return residents{
		providers: newProviderSet(ix, db.VerifiedProviders),
		openListings: newOpenListingSet(ix, func(ctx context.Context) ([]*models.Opportunity, error) {
			return db.OpenListings(ctx, a.Now())
		}),
		savedSearches: &resident[models.SavedSearch, struct{}]{
			load:   db.AllSavedSearches,
			key:    func(s *models.SavedSearch) (string, int) { return s.ID, 0 },
			member: func(*models.SavedSearch) bool { return true },
		},
	}
}

// newProviderSet returns the resident set of verified providers, which
// load reads, with their features.
func newProviderSet(ix *matchIndex, load func(context.Context) ([]*models.Organization, error)) *resident[models.Organization, matchFeatures] {
	return &resident[models.Organization, matchFeatures]{
		load:   load,
		key:    func(o *models.Organization) (string, int) { return o.ID, o.Version },
		member: indexer.IsProvider,
		derive: ix.features,
	}
}

// newOpenListingSet returns the resident set of published listings, which
// load reads (those still open), with their queries.
func newOpenListingSet(ix *matchIndex, load func(context.Context) ([]*models.Opportunity, error)) *resident[models.Opportunity, matchQuery] {
	return &resident[models.Opportunity, matchQuery]{
		load:   load,
		key:    func(o *models.Opportunity) (string, int) { return o.ID, o.Version },
		member: func(o *models.Opportunity) bool { return o.Status == models.StatusPublished },
		derive: ix.query,
	}
}

// allSavedSearches returns every saved search, in no order.
func (a *App) allSavedSearches(ctx context.Context) ([]*models.SavedSearch, error) {
	if r := a.residents.savedSearches; r != nil {
		return r.all(ctx)
	}
	return a.db.AllSavedSearches(ctx)
}

// storedOpportunity keeps the resident sets up to date with a stored listing.
func (a *App) storedOpportunity(o *models.Opportunity) {
	if r := a.residents.openListings; r != nil {
		c := *o
		r.put(&c)
	}
}

// storedOrganization keeps the resident sets up to date with a stored organisation.
func (a *App) storedOrganization(o *models.Organization) {
	if r := a.residents.providers; r != nil {
		c := *o
		r.put(&c)
	}
}
