package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/models"
)

// TryLease claims the named job's time slot for holder: exactly one caller
// across every process sharing the database gets true for a given name and
// slot, because the slot's document can be inserted only once. Leases older
// than a day are swept by the winner.
func (db *DB) TryLease(ctx context.Context, name string, slot time.Time, holder string) (bool, error) {
	col := db.db.Collection(colLeases)
	_, err := col.InsertOne(ctx, bson.D{
		{Key: "_id", Value: fmt.Sprintf("%s@%d", name, slot.UnixMilli())},
		{Key: "name", Value: name}, {Key: "slot", Value: slot}, {Key: "holder", Value: holder},
	})
	if err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ECONFLICT {
			return false, nil
		}
		return false, fmt.Errorf("claiming lease %s: %w", name, err)
	}
	if _, err := col.DeleteMany(ctx, bson.D{{Key: "name", Value: name},
		{Key: "slot", Value: bson.D{{Key: "$lt", Value: slot.Add(-24 * time.Hour)}}}}); err != nil {
		return true, fmt.Errorf("sweeping old leases: %w", wrap(err))
	}
	return true, nil
}
