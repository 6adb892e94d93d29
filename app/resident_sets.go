package app

import (
	"context"

	"market/app/store"
	"market/models"
)

// residents are the resident sets of a process that is its store's only
// writer (SearchOptions.Exclusive); each is nil otherwise, and its readers
// then read the store.
type residents struct {
	// providers are the verified providers, which matching ranks.
	providers *resident[models.Organization, struct{}]
	// openListings are the published listings, which recommendations rank
	// (those whose deadline has passed are left out when read).
	openListings *resident[models.Opportunity, struct{}]
	// savedSearches are every user's saved searches, which alerts match.
	savedSearches *resident[models.SavedSearch, struct{}]
}

// newResidents returns the resident sets over db.
func newResidents(db store.Store, a *App) residents {
	return residents{
		providers: &resident[models.Organization, struct{}]{
			load:   db.VerifiedProviders,
			key:    func(o *models.Organization) (string, int) { return o.ID, o.Version },
			member: isProvider,
		},
		openListings: &resident[models.Opportunity, struct{}]{
			load: func(ctx context.Context) ([]*models.Opportunity, error) { return db.OpenListings(ctx, a.Now()) },
			key:  func(o *models.Opportunity) (string, int) { return o.ID, o.Version },
			member: func(o *models.Opportunity) bool {
				return o.Status == models.StatusPublished
			},
		},
		savedSearches: &resident[models.SavedSearch, struct{}]{
			load:   db.AllSavedSearches,
			key:    func(s *models.SavedSearch) (string, int) { return s.ID, 0 },
			member: func(*models.SavedSearch) bool { return true },
		},
	}
}

// verifiedProviders returns every verified provider, in no order.
func (a *App) verifiedProviders(ctx context.Context) ([]*models.Organization, error) {
	if r := a.residents.providers; r != nil {
		return r.all(ctx)
	}
	return a.db.VerifiedProviders(ctx)
}

// openListings returns the published listings whose deadline is still to
// come, in no order.
func (a *App) openListings(ctx context.Context) ([]*models.Opportunity, error) {
	now := a.Now()
	r := a.residents.openListings
	if r == nil {
		return a.db.OpenListings(ctx, now)
	}
	all, err := r.all(ctx)
	if err != nil {
		return nil, err
	}
	open := all[:0]
	for _, o := range all {
		if o.BidDeadline.After(now) {
			open = append(open, o)
		}
	}
	return open, nil
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
