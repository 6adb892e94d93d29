package store

import (
	"context"

	"market/models"
)

// Follows are users' follows of listings, one per user and listing (by ID).
type Follows interface {
	// CreateFollow stores f; following a listing already followed changes
	// nothing and reports false.
	CreateFollow(ctx context.Context, f *models.Follow) (bool, error)
	// DeleteFollow removes a user's follow of a listing; deleting one that
	// does not exist is not an error.
	DeleteFollow(ctx context.Context, userID, opportunityID string) error
	// FollowsByUser returns a user's follows, newest first (ties by ID).
	FollowsByUser(ctx context.Context, userID string) ([]*models.Follow, error)
	// FollowersOf returns the follows of a listing, newest first (ties by ID).
	FollowersOf(ctx context.Context, opportunityID string) ([]*models.Follow, error)
}
