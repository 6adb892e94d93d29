package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// OpportunityByID returns a listing.
func (db *DB) OpportunityByID(ctx context.Context, id string) (*models.Opportunity, error) {
	return byID[models.Opportunity](ctx, db, colOpportunities, id, "opportunity")
}

// DueForClosing returns the ids of published listings whose deadline is at or before now.
func (db *DB) DueForClosing(ctx context.Context, now time.Time) ([]string, error) {
	cur, err := db.db.Collection(colOpportunities).Find(ctx, bson.D{
		{Key: "status", Value: models.StatusPublished},
		{Key: "bidDeadline", Value: bson.D{{Key: "$lte", Value: now}}},
	}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("finding listings due to close: %w", wrap(err))
	}
	var rows []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("reading listings due to close: %w", wrap(err))
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, nil
}
