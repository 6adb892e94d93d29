package indexer

import (
	"context"
	"strconv"
	"time"

	"market/models"
)

// Marker records that a document changed and its search index entry
// must be brought up to date: Key names the document ("opportunity/<id>",
// "provider/<id>") and Version the version that was stored. Markers are
// only inserted (once per key and version) and deleted by ID.
type Marker struct {
	ID      string    `bson:"_id"`
	Key     string    `bson:"key"`
	Version int       `bson:"version"`
	At      time.Time `bson:"at"`
}

// MarkerID is the ID of the marker of a key at a version.
func MarkerID(key string, version int) string { return key + "@" + strconv.Itoa(version) }

// Queue is the search index synchroniser's queue of changed documents.
type Queue interface {
	// MarkDirty records that the document named by key was stored at
	// version; marking it twice is harmless.
	MarkDirty(ctx context.Context, key string, version int, at time.Time) error
	// DirtyMarkers returns up to limit markers, oldest first (ties by ID).
	DirtyMarkers(ctx context.Context, limit int) ([]Marker, error)
	// ClearMarkers deletes the markers with the given IDs.
	ClearMarkers(ctx context.Context, ids []string) error
	// CountMarkers returns how many markers wait.
	CountMarkers(ctx context.Context) (int, error)
}

// Store is what the synchroniser reads of the database: the queue of
// markers and the documents it indexes.
type Store interface {
	Queue
	// OpportunitiesByIDs returns those of the given listings that exist, in no order.
	OpportunitiesByIDs(ctx context.Context, ids []string) ([]*models.Opportunity, error)
	// OpportunityVersions returns the stored version of each of the named
	// listings (of every one when ids is nil); missing ones are left out.
	OpportunityVersions(ctx context.Context, ids []string) (map[string]int, error)
	// EachOpportunity calls fn with every listing, batch at a time, in no
	// particular order, stopping at fn's first error.
	EachOpportunity(ctx context.Context, batch int, fn func([]*models.Opportunity) error) error
	// OrganizationsByIDs returns those of the given organisations that exist, in no order.
	OrganizationsByIDs(ctx context.Context, ids []string) ([]*models.Organization, error)
	// OrganizationVersions returns the stored version of each of the named
	// organisations (of every one when ids is nil); missing ones are left out.
	OrganizationVersions(ctx context.Context, ids []string) (map[string]int, error)
	// EachOrganization calls fn with every organisation, batch at a time,
	// in no particular order, stopping at fn's first error.
	EachOrganization(ctx context.Context, batch int, fn func([]*models.Organization) error) error
}
