package store

import (
	"context"
	"time"

	"market/models"
)

// AlertMarker says that version Version of listing OpportunityID was stored
// and its alerts are due. Markers are inserted by Commit (once per listing
// version: the ID is "<id>@<version>") and deleted by ID.
type AlertMarker struct {
	ID            string    `bson:"_id"`
	OpportunityID string    `bson:"opportunityId"`
	Version       int       `bson:"version"`
	At            time.Time `bson:"at"`
}

// AlertMarkerID is the ID of the alert marker of a listing's version.
func AlertMarkerID(opportunityID string, version int) string {
	return opportunityID + "@" + itoa(version)
}

// DigestItem is a saved-search match waiting for its daily digest email.
type DigestItem struct {
	ID               string    `bson:"_id"` // the match's key: once per saved search, listing and version
	SavedSearchID    string    `bson:"savedSearchId"`
	OpportunityID    string    `bson:"opportunityId"`
	OpportunityCode  string    `bson:"opportunityCode"`
	OpportunityTitle string    `bson:"opportunityTitle"`
	Amended          bool      `bson:"amended"`
	At               time.Time `bson:"at"`
}

// Deliveries are the writes that deliver one change's alerts: emails to
// queue, matches for daily digests and notifications. Each has an ID naming
// its recipient, listing and version, so that it is stored once however
// often the change is delivered.
type Deliveries struct {
	Mail          []*QueuedMail
	Digest        []*DigestItem
	Notifications []*models.Notification
}

// Alerts are the alert worker's queue and the daily digests' matches.
type Alerts interface {
	// MarkAlert inserts the alert marker of a listing's version (Commit
	// does so with each public change); marking it twice is harmless.
	MarkAlert(ctx context.Context, opportunityID string, version int, at time.Time) error
	// AlertMarkers returns up to limit markers, oldest first (ties by ID).
	AlertMarkers(ctx context.Context, limit int) ([]AlertMarker, error)
	// ClearAlertMarker deletes one marker by ID.
	ClearAlertMarker(ctx context.Context, id string) error
	// CountAlertMarkers returns how many markers wait.
	CountAlertMarkers(ctx context.Context) (int, error)
	// Deliver stores deliveries, each once by its ID (one stored before is
	// left as it is): all of them, or, on an error, some, which delivering
	// again completes.
	Deliver(ctx context.Context, d Deliveries) error
	// DigestItemsBefore returns the matches stored before t, oldest first (ties by ID).
	DigestItemsBefore(ctx context.Context, t time.Time) ([]*DigestItem, error)
	// ClearDigestItems deletes digest items by ID.
	ClearDigestItems(ctx context.Context, ids []string) error
}
