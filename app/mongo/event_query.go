package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// PublicEvents returns the public events q selects, oldest first, ties
// broken by id so that pages are stable. It scans the event collection on
// embedded FerretDB.
func (db *DB) PublicEvents(ctx context.Context, q store.PublicEventQuery) ([]*models.Event, error) {
	if len(q.Types) == 0 {
		return []*models.Event{}, nil
	}
	filter := bson.D{
		{Key: "type", Value: bson.D{{Key: "$in", Value: q.Types}}},
		{Key: "public", Value: true},
	}
	if !q.Since.IsZero() {
		filter = append(filter, bson.E{Key: "at", Value: bson.D{{Key: "$gte", Value: q.Since.UTC()}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}})
	if q.Skip > 0 {
		opts.SetSkip(int64(q.Skip))
	}
	if q.Limit > 0 {
		opts.SetLimit(int64(q.Limit))
	}
	cur, err := db.db.Collection(colEvents).Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("listing public events: %w", wrap(err))
	}
	events := []*models.Event{}
	if err := cur.All(ctx, &events); err != nil {
		return nil, fmt.Errorf("reading public events: %w", wrap(err))
	}
	return events, nil
}

// EventsOfStreams returns the events of the given streams, ordered by
// stream then seq, in one query.
func (db *DB) EventsOfStreams(ctx context.Context, streams []string) ([]*models.Event, error) {
	if len(streams) == 0 {
		return []*models.Event{}, nil
	}
	cur, err := db.db.Collection(colEvents).Find(ctx, bson.D{{Key: "stream", Value: bson.D{{Key: "$in", Value: streams}}}},
		options.Find().SetSort(bson.D{{Key: "stream", Value: 1}, {Key: "seq", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing events of %d streams: %w", len(streams), wrap(err))
	}
	events := []*models.Event{}
	if err := cur.All(ctx, &events); err != nil {
		return nil, fmt.Errorf("reading events of %d streams: %w", len(streams), wrap(err))
	}
	return events, nil
}

// BidsOnOpportunities returns every bid, in any status, on any of the
// given listings, in one query.
func (db *DB) BidsOnOpportunities(ctx context.Context, opportunityIDs []string) ([]*models.Bid, error) {
	if len(opportunityIDs) == 0 {
		return []*models.Bid{}, nil
	}
	cur, err := db.db.Collection(colBids).Find(ctx, bson.D{{Key: "opportunityId", Value: bson.D{{Key: "$in", Value: opportunityIDs}}}},
		options.Find().SetSort(bson.D{{Key: "submittedAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing bids on %d listings: %w", len(opportunityIDs), wrap(err))
	}
	bids := []*models.Bid{}
	if err := cur.All(ctx, &bids); err != nil {
		return nil, fmt.Errorf("reading bids on %d listings: %w", len(opportunityIDs), wrap(err))
	}
	return bids, nil
}
