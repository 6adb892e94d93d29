package store

import (
	"context"

	"market/models"
)

// Bids are created and changed by Commit. A bid slot says that an
// organisation holds the one active bid it may have on a listing: a new
// bid's commit claims it (only one claim of a slot succeeds), a
// withdrawal's frees it (see Commit).
type Bids interface {
	// CountBidSlots returns how many organisations hold an active bid on a listing.
	CountBidSlots(ctx context.Context, opportunityID string) (int, error)
	// BidByID returns a bid, or not_found.
	BidByID(ctx context.Context, id string) (*models.Bid, error)
	// BidsOnOpportunity returns every bid on a listing, withdrawn ones
	// included, oldest first (ties by ID).
	BidsOnOpportunity(ctx context.Context, opportunityID string) ([]*models.Bid, error)
	// BidsOnOpportunities returns every bid on any of the given listings,
	// oldest first (ties by ID).
	BidsOnOpportunities(ctx context.Context, opportunityIDs []string) ([]*models.Bid, error)
	// BidsByBidder returns every bid an organisation made, oldest first (ties by ID).
	BidsByBidder(ctx context.Context, orgID string) ([]*models.Bid, error)
	// BidOfIdempotencyKey returns the bid that org's request with key made
	// on a listing (its commit recorded the key), or "" when none did.
	BidOfIdempotencyKey(ctx context.Context, orgID, opportunityID, key string) (string, error)
}

// IdempotencyKeyID is the ID under which a bid's Idempotency-Key is recorded.
func IdempotencyKeyID(orgID, opportunityID, key string) string {
	return orgID + "/" + opportunityID + "/" + key
}
