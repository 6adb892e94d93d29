package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// Collections of the alert pipeline.
const (
	// colAlertQueue holds a marker per stored public listing version
	// whose alerts (saved searches, followers) are not yet delivered.
	colAlertQueue = "alert_queue"
	// colAlertDigest holds saved-search matches waiting for a daily digest.
	colAlertDigest = "alert_digest"
)

// MarkAlert records that listing id was stored at version; marking the
// same version twice is harmless.
func (db *DB) MarkAlert(ctx context.Context, id string, version int, at time.Time) error {
	_, err := db.db.Collection(colAlertQueue).InsertOne(ctx, store.AlertMarker{
		ID: store.AlertMarkerID(id, version), OpportunityID: id, Version: version, At: at,
	})
	if err = wrap(err); err != nil && models.ErrorCode(err) != models.ECONFLICT {
		return fmt.Errorf("marking alerts of %s@%d: %w", id, version, err)
	}
	return nil
}

// AlertMarkers returns up to limit markers, oldest first.
func (db *DB) AlertMarkers(ctx context.Context, limit int) ([]store.AlertMarker, error) {
	cur, err := db.db.Collection(colAlertQueue).Find(ctx, bson.D{},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("reading alert markers: %w", wrap(err))
	}
	out := []store.AlertMarker{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("decoding alert markers: %w", wrap(err))
	}
	return out, nil
}

// ClearAlertMarker deletes one marker by ID.
func (db *DB) ClearAlertMarker(ctx context.Context, id string) error {
	if _, err := db.db.Collection(colAlertQueue).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("clearing alert marker %s: %w", id, wrap(err))
	}
	return nil
}

// CountAlertMarkers returns how many markers wait.
func (db *DB) CountAlertMarkers(ctx context.Context) (int, error) {
	n, err := db.db.Collection(colAlertQueue).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("counting alert markers: %w", wrap(err))
	}
	return int(n), nil
}

// Deliver stores deliveries, each once by its unique _id: emails first,
// then digest items, then notifications, each collection's in one unordered
// insert whose duplicates are ignored.
func (db *DB) Deliver(ctx context.Context, d store.Deliveries) error {
	for _, w := range []struct {
		col  string
		docs []any
	}{{colMailQueue, anys(d.Mail)}, {colAlertDigest, anys(d.Digest)}, {colNotifications, anys(d.Notifications)}} {
		if err := db.insertOnce(ctx, w.col, w.docs); err != nil {
			return fmt.Errorf("delivering alerts: %w", err)
		}
	}
	return nil
}

// anys returns docs as a slice of any, for InsertMany.
func anys[T any](docs []T) []any {
	out := make([]any, len(docs))
	for i, d := range docs {
		out[i] = d
	}
	return out
}

// insertOnce inserts docs into collection col, leaving alone those whose
// _id is taken.
func (db *DB) insertOnce(ctx context.Context, col string, docs []any) error {
	if len(docs) == 0 {
		return nil
	}
	_, err := db.db.Collection(col).InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bulk driver.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError == nil && len(bulk.WriteErrors) > 0 {
		for _, e := range bulk.WriteErrors {
			if !isDuplicateKey(e.Code) {
				return fmt.Errorf("inserting into %s: %w", col, wrap(err))
			}
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("inserting into %s: %w", col, wrap(err))
	}
	return nil
}

// isDuplicateKey reports whether a write error's code is a duplicate key's.
func isDuplicateKey(code int) bool { return code == 11000 || code == 11001 || code == 12582 }

// DigestItemsBefore returns the matches stored before t, oldest first.
func (db *DB) DigestItemsBefore(ctx context.Context, t time.Time) ([]*store.DigestItem, error) {
	cur, err := db.db.Collection(colAlertDigest).Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: t}}}},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("reading digest items: %w", wrap(err))
	}
	out := []*store.DigestItem{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("decoding digest items: %w", wrap(err))
	}
	return out, nil
}

// ClearDigestItems deletes digest items by ID.
func (db *DB) ClearDigestItems(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := db.db.Collection(colAlertDigest).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		return fmt.Errorf("clearing %d digest items: %w", len(ids), wrap(err))
	}
	return nil
}
