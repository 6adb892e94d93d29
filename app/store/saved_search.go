package store

import (
	"context"

	"market/models"
)

// SavedSearches are users' saved listing searches, at most
// models.MaxSavedSearches per user.
type SavedSearches interface {
	// CreateSavedSearch stores s in the first free slot of its user's
	// models.MaxSavedSearches, which holds under concurrency; with every
	// slot taken it returns a conflict.
	CreateSavedSearch(ctx context.Context, s *models.SavedSearch) error
	// SavedSearchesByUser returns a user's saved searches, oldest first (ties by ID).
	SavedSearchesByUser(ctx context.Context, userID string) ([]*models.SavedSearch, error)
	// AllSavedSearches returns every saved search, oldest first (ties by ID).
	AllSavedSearches(ctx context.Context) ([]*models.SavedSearch, error)
	// SavedSearchByID returns one saved search, or not_found.
	SavedSearchByID(ctx context.Context, id string) (*models.SavedSearch, error)
	// DeleteSavedSearch deletes a user's saved search; another user's, or
	// an unknown one, is not_found.
	DeleteSavedSearch(ctx context.Context, userID, id string) error
}
