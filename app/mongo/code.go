package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// maxCodeAttempts bounds the search for a free public code under contention.
const maxCodeAttempts = 1000

// NextCode reserves the next public code of the year, such as SH-2026-000123.
// Embedded FerretDB cannot increment a counter atomically, so each code is a
// document whose unique _id only one writer can insert: on a clash the next
// number is tried.
func (db *DB) NextCode(ctx context.Context, year int) (string, error) {
	col := db.db.Collection(colCodes)
	n, err := col.CountDocuments(ctx, bson.D{{Key: "year", Value: year}})
	if err != nil {
		return "", fmt.Errorf("counting codes: %w", wrap(err))
	}
	for i := int(n) + 1; i <= int(n)+maxCodeAttempts; i++ {
		code := fmt.Sprintf("SH-%d-%06d", year, i)
		_, err := col.InsertOne(ctx, bson.D{{Key: "_id", Value: code}, {Key: "year", Value: year}})
		if err == nil {
			return code, nil
		}
		if err = wrap(err); models.ErrorCode(err) != models.ECONFLICT {
			return "", fmt.Errorf("reserving code: %w", err)
		}
	}
	return "", fmt.Errorf("no free code after %d attempts", maxCodeAttempts)
}
