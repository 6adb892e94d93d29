package store

import (
	"context"
	"time"

	"market/models"
)

// Opportunities are the listings, created and changed by Commit; codes are unique.
type Opportunities interface {
	// OpportunityByID returns a listing, or not_found.
	OpportunityByID(ctx context.Context, id string) (*models.Opportunity, error)
	// OpportunitiesByIDs returns those of the given listings that exist, in no order.
	OpportunitiesByIDs(ctx context.Context, ids []string) ([]*models.Opportunity, error)
	// OpportunityVersions returns the stored version of each of the named
	// listings (of every one when ids is nil); missing ones are left out.
	OpportunityVersions(ctx context.Context, ids []string) (map[string]int, error)
	// FindOpportunities returns one page of the listings q selects and their
	// total. It is fast when q names a buyer or statuses other than the
	// public ones (an organisation's own listings, the review queue) or
	// sorts by publication: the lists people make from the database.
	FindOpportunities(ctx context.Context, q OpportunityQuery) ([]*models.Opportunity, int, error)
	// DueForClosing returns the IDs of published listings whose deadline is at or before now.
	DueForClosing(ctx context.Context, now time.Time) ([]string, error)
	// OpenListings returns the published listings whose deadline is after now, by ID.
	OpenListings(ctx context.Context, now time.Time) ([]*models.Opportunity, error)
	// EachOpportunity calls fn with every listing, batch at a time, in no
	// particular order, stopping at fn's first error.
	EachOpportunity(ctx context.Context, batch int, fn func([]*models.Opportunity) error) error
	// InsertOpportunities inserts listings in bulk, without events; benchmarks use it.
	InsertOpportunities(ctx context.Context, list []*models.Opportunity) error
	// NextCode reserves the next public code of the year, such as SH-2026-000123.
	NextCode(ctx context.Context, year int) (string, error)
}
