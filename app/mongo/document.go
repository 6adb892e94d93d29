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
