package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// colFollows holds users' follows of listings, one per user and listing (by _id).
const colFollows = "follows"

// CreateFollow stores f; following a listing already followed changes
// nothing and reports false.
func (db *DB) CreateFollow(ctx context.Context, f *models.Follow) (bool, error) {
	_, err := db.db.Collection(colFollows).InsertOne(ctx, f)
	switch err = wrap(err); {
	case err == nil:
		return true, nil
	case models.ErrorCode(err) == models.ECONFLICT:
		return false, nil
	}
	return false, fmt.Errorf("inserting follow: %w", err)
}

// DeleteFollow removes a user's follow of a listing; deleting one that does
// not exist is not an error.
func (db *DB) DeleteFollow(ctx context.Context, userID, opportunityID string) error {
	if _, err := db.db.Collection(colFollows).DeleteOne(ctx,
		bson.D{{Key: "_id", Value: models.FollowID(userID, opportunityID)}}); err != nil {
		return fmt.Errorf("deleting follow: %w", wrap(err))
	}
	return nil
}

// FollowsByUser returns a user's follows, newest first.
func (db *DB) FollowsByUser(ctx context.Context, userID string) ([]*models.Follow, error) {
	return findFollows(ctx, db, bson.D{{Key: "userId", Value: userID}})
}

// FollowersOf returns the follows of a listing.
func (db *DB) FollowersOf(ctx context.Context, opportunityID string) ([]*models.Follow, error) {
	return findFollows(ctx, db, bson.D{{Key: "opportunityId", Value: opportunityID}})
}

// findFollows returns the follows matching filter, newest first.
func findFollows(ctx context.Context, db *DB, filter bson.D) ([]*models.Follow, error) {
	cur, err := db.db.Collection(colFollows).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing follows: %w", wrap(err))
	}
	out := []*models.Follow{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("reading follows: %w", wrap(err))
	}
	return out, nil
}
