package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// The candidates of matching: both lists are read whole (embedded FerretDB
// scans the collection for any query anyway); the filters keep what is
// decoded small.

// OpenListings returns the published listings whose bid deadline is after now.
func (db *DB) OpenListings(ctx context.Context, now time.Time) ([]*models.Opportunity, error) {
	cur, err := db.db.Collection(colOpportunities).Find(ctx, bson.D{
		{Key: "status", Value: models.StatusPublished},
		{Key: "bidDeadline", Value: bson.D{{Key: "$gt", Value: now}}},
	}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("finding open listings: %w", wrap(err))
	}
	out := []*models.Opportunity{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("reading open listings: %w", wrap(err))
	}
	return out, nil
}

// VerifiedProviders returns the verified enterprises (SMEs included).
func (db *DB) VerifiedProviders(ctx context.Context) ([]*models.Organization, error) {
	cur, err := db.db.Collection(colOrganizations).Find(ctx, bson.D{
		{Key: "kind", Value: models.OrgEnterprise},
		{Key: "verification", Value: models.VerificationVerified},
	}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("finding providers: %w", wrap(err))
	}
	out := []*models.Organization{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("reading providers: %w", wrap(err))
	}
	return out, nil
}
