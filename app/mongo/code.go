package mongo

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// maxCodeAttempts bounds the search for a free public code under contention.
const maxCodeAttempts = 1000

// NextCode reserves the next public code of the year, such as SH-2026-000123.
// Each code is a document whose unique _id only one writer can insert (no
// counter: embedded FerretDB cannot increment one atomically): after the
// year's highest, on a clash the next number is tried.
func (db *DB) NextCode(ctx context.Context, year int) (string, error) {
	col := db.db.Collection(colCodes)
	// The year's highest code so far, by the _id index: codes of a year
	// share a prefix and their numbers have a fixed width.
	prefix := fmt.Sprintf("SH-%d-", year)
	var last struct {
		ID string `bson:"_id"`
	}
	n := 0
	err := col.FindOne(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: prefix}, {Key: "$lt", Value: prefix + "~"}}}},
		options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&last)
	switch err = wrap(err); {
	case err == nil:
		if n, err = strconv.Atoi(strings.TrimPrefix(last.ID, prefix)); err != nil {
			return "", fmt.Errorf("reading code %s: %w", last.ID, err)
		}
	case models.ErrorCode(err) != models.ENOTFOUND:
		return "", fmt.Errorf("finding the last code of %d: %w", year, err)
	}
	for i := n + 1; i <= n+maxCodeAttempts; i++ {
		code := fmt.Sprintf("%s%06d", prefix, i)
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
