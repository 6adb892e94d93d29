package sqlite

import (
	"context"
	"fmt"

	"market/app/store"
	"market/models"
)

// eventsTable stores the audit trail; (stream, seq) is unique.
func eventsTable() table[models.Event] {
	return table[models.Event]{name: "events", columns: []string{"id", "stream", "seq", "type", "at", "public"},
		values: func(e *models.Event) []any {
			return []any{e.ID, e.Stream, e.Seq, e.Type, ms(e.At), boolInt(e.Public)}
		}}
}

// eventBatch is how many events EachEvent reads per query.
const eventBatch = 500

// Event returns event seq of a stream, or not_found.
func (db *DB) Event(ctx context.Context, stream string, seq int) (*models.Event, error) {
	if doc, ok := db.cache.event(stream, seq); ok {
		return decode[models.Event](doc, "event")
	}
	var doc []byte
	if err := db.queryRow(ctx, "SELECT doc FROM events WHERE stream = ? AND seq = ?", stream, seq).Scan(&doc); err != nil {
		return nil, fmt.Errorf("finding event %s#%d: %w", stream, seq, wrap(err))
	}
	e, err := decode[models.Event](doc, "event")
	if err == nil {
		db.cache.putEvent(stream, seq, doc)
	}
	return e, err
}

// Events returns a stream's events in seq order.
func (db *DB) Events(ctx context.Context, stream string) ([]*models.Event, error) {
	out, err := readAll[models.Event](ctx, db, "event", "SELECT doc FROM events WHERE stream = ? ORDER BY seq", stream)
	if err != nil {
		return nil, fmt.Errorf("listing events of %s: %w", stream, err)
	}
	return out, nil
}

// EventsOfStreams returns the events of the given streams, ordered by
// stream then seq.
func (db *DB) EventsOfStreams(ctx context.Context, streams []string) ([]*models.Event, error) {
	if len(streams) == 0 {
		return []*models.Event{}, nil
	}
	out, err := readAll[models.Event](ctx, db, "event",
		"SELECT doc FROM events WHERE stream IN (SELECT value FROM json_each(?)) ORDER BY stream, seq", jsonList(streams))
	if err != nil {
		return nil, fmt.Errorf("listing events of %d streams: %w", len(streams), err)
	}
	return out, nil
}

// EachEvent calls fn with every stored event, ordered by stream then seq,
// until fn returns an error. It reads eventBatch events per query through
// the (stream, seq) index, each query starting after the last event of the
// one before: memory holds one batch, and no read transaction stays open
// while fn works (a long one would keep the WAL from being checkpointed).
func (db *DB) EachEvent(ctx context.Context, fn func(*models.Event) error) error {
	const (
		first = "SELECT stream, seq, doc FROM events ORDER BY stream, seq LIMIT ?"
		next  = "SELECT stream, seq, doc FROM events WHERE (stream, seq) > (?, ?) ORDER BY stream, seq LIMIT ?"
	)
	var c eventCursor
	batch := make([]*models.Event, 0, eventBatch)
	for i := 0; ; i++ {
		var err error
		if i == 0 {
			batch, err = db.eventPage(ctx, &c, batch[:0], first, eventBatch)
		} else {
			batch, err = db.eventPage(ctx, &c, batch[:0], next, c.stream, c.seq, eventBatch)
		}
		if err != nil {
			return err
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(batch) < eventBatch {
			return nil
		}
	}
}

// eventCursor is where EachEvent is: the (stream, seq) columns of the last
// event read, which order the scan whatever its document says.
type eventCursor struct {
	stream string
	seq    int
}

// eventPage appends to out the events a query of EachEvent returns and
// moves c to the last one.
func (db *DB) eventPage(ctx context.Context, c *eventCursor, out []*models.Event, query string, args ...any) ([]*models.Event, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&c.stream, &c.seq, &doc); err != nil {
			return nil, fmt.Errorf("reading events: %w", wrap(err))
		}
		e, err := decode[models.Event](doc, "event")
		if err != nil {
			return nil, fmt.Errorf("reading events: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading events: %w", wrap(err))
	}
	return out, nil
}

// PublicEvents returns the public events q selects, oldest first, ties
// broken by event ID so that pages are stable.
func (db *DB) PublicEvents(ctx context.Context, q store.PublicEventQuery) ([]*models.Event, error) {
	if len(q.Types) == 0 {
		return []*models.Event{}, nil
	}
	since := int64(-1 << 62)
	if !q.Since.IsZero() {
		since = ms(q.Since)
	}
	limit := -1
	if q.Limit > 0 {
		limit = q.Limit
	}
	out, err := readAll[models.Event](ctx, db, "event",
		"SELECT doc FROM events INDEXED BY events_public WHERE public = 1 AND at >= ? AND type IN (SELECT value FROM json_each(?)) "+
			"ORDER BY at, id LIMIT ? OFFSET ?", since, jsonList(q.Types), limit, max(q.Skip, 0))
	if err != nil {
		return nil, fmt.Errorf("listing public events: %w", err)
	}
	return out, nil
}
