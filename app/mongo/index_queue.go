package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// colIndexQueue holds the search index's dirty markers.
const colIndexQueue = "index_queue"

// MarkDirty records that the document named by key was stored at version.
func (db *DB) MarkDirty(ctx context.Context, key string, version int, at time.Time) error {
	_, err := db.db.Collection(colIndexQueue).InsertOne(ctx, store.IndexMarker{
		ID: store.IndexMarkerID(key, version), Key: key, Version: version, At: at,
	})
	if err = wrap(err); err != nil && models.ErrorCode(err) != models.ECONFLICT {
		return fmt.Errorf("marking %s@%d for the search index: %w", key, version, err)
	}
	return nil
}

// DirtyMarkers returns up to limit markers, oldest first.
func (db *DB) DirtyMarkers(ctx context.Context, limit int) ([]store.IndexMarker, error) {
	cur, err := db.db.Collection(colIndexQueue).Find(ctx, bson.D{},
		options.Find().SetSort(bson.D{{Key: "at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("reading search index markers: %w", wrap(err))
	}
	markers := []store.IndexMarker{}
	if err := cur.All(ctx, &markers); err != nil {
		return nil, fmt.Errorf("decoding search index markers: %w", wrap(err))
	}
	return markers, nil
}

// ClearMarkers deletes the markers with the given IDs; markers added since
// they were read have other IDs and stay.
func (db *DB) ClearMarkers(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	filter := bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}
	if len(ids) == 1 {
		filter = bson.D{{Key: "_id", Value: ids[0]}}
	}
	if _, err := db.db.Collection(colIndexQueue).DeleteMany(ctx, filter); err != nil {
		return fmt.Errorf("clearing %d search index markers: %w", len(ids), wrap(err))
	}
	return nil
}

// CountMarkers returns how many markers are waiting.
func (db *DB) CountMarkers(ctx context.Context) (int, error) {
	n, err := db.db.Collection(colIndexQueue).CountDocuments(ctx, bson.D{})
	if err != nil {
		return 0, fmt.Errorf("counting search index markers: %w", wrap(err))
	}
	return int(n), nil
}
