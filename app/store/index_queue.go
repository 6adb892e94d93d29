package store

import (
	"context"
	"strconv"
	"time"
)

// IndexMarker records that a document changed and its search index entry
// must be brought up to date: Key names the document ("opportunity/<id>",
// "provider/<id>") and Version the version that was stored. Markers are
// only inserted (once per key and version) and deleted by ID.
type IndexMarker struct {
	ID      string    `bson:"_id"`
	Key     string    `bson:"key"`
	Version int       `bson:"version"`
	At      time.Time `bson:"at"`
}

// IndexMarkerID is the ID of the marker of a key at a version.
func IndexMarkerID(key string, version int) string { return key + "@" + itoa(version) }

// IndexQueue is the search index synchroniser's queue of changed documents.
type IndexQueue interface {
	// MarkDirty records that the document named by key was stored at
	// version; marking it twice is harmless.
	MarkDirty(ctx context.Context, key string, version int, at time.Time) error
	// DirtyMarkers returns up to limit markers, oldest first (ties by ID).
	DirtyMarkers(ctx context.Context, limit int) ([]IndexMarker, error)
	// ClearMarkers deletes the markers with the given IDs.
	ClearMarkers(ctx context.Context, ids []string) error
	// CountMarkers returns how many markers wait.
	CountMarkers(ctx context.Context) (int, error)
}

// itoa formats an int in base 10.
func itoa(n int) string { return strconv.Itoa(n) }
