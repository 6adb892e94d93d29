package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// byID reads the document with the given _id from col into a T; a missing
// one gives not_found naming what.
func byID[T any](ctx context.Context, db *DB, col, id, what string) (*T, error) {
	var v T
	if err := db.db.Collection(col).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&v); err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ENOTFOUND {
			return nil, models.Errorf(models.ENOTFOUND, "%s not found", what)
		}
		return nil, fmt.Errorf("finding %s %s: %w", what, id, err)
	}
	return &v, nil
}

// replaceAtVersion stores doc over the document with the given _id if that
// one is still at version prev; otherwise it returns a conflict naming what.
// Callers hold the document's lock (embedded FerretDB does not apply the
// condition atomically); MongoDB proper applies it atomically across processes.
func replaceAtVersion(ctx context.Context, db *DB, col, id string, prev int, doc any, what string) error {
	res, err := db.db.Collection(col).ReplaceOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: prev}}, doc)
	if err != nil {
		return fmt.Errorf("updating %s %s: %w", what, id, wrap(err))
	}
	if res.MatchedCount == 0 {
		return models.Errorf(models.ECONFLICT, "the %s was changed concurrently; reload and try again", what)
	}
	return nil
}
