package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// appendEvent inserts the next event of a stream. The unique (stream, seq)
// index lets exactly one writer append a given seq: the others get
// store.Conflict().
func (db *DB) appendEvent(ctx context.Context, e *models.Event) error {
	if _, err := db.db.Collection(colEvents).InsertOne(ctx, e); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ECONFLICT {
			return store.Conflict()
		}
		return fmt.Errorf("appending event %s#%d: %w", e.Stream, e.Seq, err)
	}
	return nil
}

// Event returns one event of a stream.
func (db *DB) Event(ctx context.Context, stream string, seq int) (*models.Event, error) {
	var e models.Event
	err := db.db.Collection(colEvents).FindOne(ctx, bson.D{{Key: "stream", Value: stream}, {Key: "seq", Value: seq}}).Decode(&e)
	if err != nil {
		return nil, fmt.Errorf("finding event %s#%d: %w", stream, seq, wrap(err))
	}
	return &e, nil
}

// Events returns a stream's events in order.
func (db *DB) Events(ctx context.Context, stream string) ([]*models.Event, error) {
	cur, err := db.db.Collection(colEvents).Find(ctx, bson.D{{Key: "stream", Value: stream}},
		options.Find().SetSort(bson.D{{Key: "seq", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing events of %s: %w", stream, wrap(err))
	}
	events := []*models.Event{}
	if err := cur.All(ctx, &events); err != nil {
		return nil, fmt.Errorf("reading events of %s: %w", stream, wrap(err))
	}
	return events, nil
}

// EachEvent calls fn with every stored event, ordered by stream then seq,
// until fn returns an error.
func (db *DB) EachEvent(ctx context.Context, fn func(*models.Event) error) error {
	cur, err := db.db.Collection(colEvents).Find(ctx, bson.D{},
		options.Find().SetSort(bson.D{{Key: "stream", Value: 1}, {Key: "seq", Value: 1}}))
	if err != nil {
		return fmt.Errorf("listing events: %w", wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var e models.Event
		if err := cur.Decode(&e); err != nil {
			return fmt.Errorf("decoding event: %w", err)
		}
		if err := fn(&e); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("reading events: %w", wrap(err))
	}
	return nil
}
