package store

import (
	"context"
	"time"

	"market/models"
)

// Events are the audit trail: append-only streams of hash-chained events,
// appended by Commit, unique by (stream, seq).
type Events interface {
	// Event returns event seq of a stream, or not_found.
	Event(ctx context.Context, stream string, seq int) (*models.Event, error)
	// Events returns a stream's events in seq order.
	Events(ctx context.Context, stream string) ([]*models.Event, error)
	// EventsOfStreams returns the events of the given streams, ordered by
	// stream then seq.
	EventsOfStreams(ctx context.Context, streams []string) ([]*models.Event, error)
	// EachEvent calls fn with every stored event, ordered by stream then
	// seq, until fn returns an error. It streams: memory does not grow
	// with the trail.
	EachEvent(ctx context.Context, fn func(*models.Event) error) error
	// PublicEvents returns the public events q selects, oldest first, ties
	// broken by event ID so that pages are stable.
	PublicEvents(ctx context.Context, q PublicEventQuery) ([]*models.Event, error)
}

// PublicEventQuery selects public events for the open-data feeds. Types
// must be the caller's own constants; Since is a time. Neither is ever an
// operator a client could choose.
type PublicEventQuery struct {
	// Types are the event types to return (required: none matches nothing).
	Types []string
	// Since keeps events at or after it; zero keeps all.
	Since time.Time
	// Skip and Limit page through the events in (at, ID) order.
	Skip, Limit int
}
