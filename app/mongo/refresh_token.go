package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/store"
	"market/models"
)

// StartRefreshFamily records a new family and its first token.
func (db *DB) StartRefreshFamily(ctx context.Context, t *store.RefreshToken) error {
	f := store.RefreshFamily{ID: t.Family, UserID: t.UserID, CreatedAt: t.CreatedAt}
	if _, err := db.db.Collection(colRefreshFamilies).InsertOne(ctx, f); err != nil {
		return fmt.Errorf("inserting refresh family: %w", wrap(err))
	}
	t.Parent = "root:" + t.Family
	if _, err := db.db.Collection(colRefreshTokens).InsertOne(ctx, t); err != nil {
		return fmt.Errorf("inserting refresh token: %w", wrap(err))
	}
	return nil
}

// RefreshTokenByHash returns the stored token with the given hash.
func (db *DB) RefreshTokenByHash(ctx context.Context, hash string) (*store.RefreshToken, error) {
	var t store.RefreshToken
	if err := db.db.Collection(colRefreshTokens).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&t); err != nil {
		return nil, fmt.Errorf("finding refresh token: %w", wrap(err))
	}
	return &t, nil
}

// RotateRefreshToken stores next as the successor of the token whose hash is
// next.Parent. It returns a conflict error when that token was already spent:
// the unique index on parent lets only one successor exist.
func (db *DB) RotateRefreshToken(ctx context.Context, next *store.RefreshToken) error {
	if _, err := db.db.Collection(colRefreshTokens).InsertOne(ctx, next); err != nil {
		return fmt.Errorf("rotating refresh token: %w", wrap(err))
	}
	return nil
}

// RefreshFamilyRevoked reports whether the family was revoked (or never existed).
func (db *DB) RefreshFamilyRevoked(ctx context.Context, family string) (bool, error) {
	var f store.RefreshFamily
	err := db.db.Collection(colRefreshFamilies).FindOne(ctx, bson.D{{Key: "_id", Value: family}}).Decode(&f)
	if err != nil {
		err = wrap(err)
		if models.ErrorCode(err) == models.ENOTFOUND {
			return true, nil
		}
		return false, fmt.Errorf("finding refresh family: %w", err)
	}
	return f.Revoked, nil
}

// RevokeRefreshFamily ends every token of the family. Setting a flag to true
// is idempotent, so concurrent revocations need no lock.
func (db *DB) RevokeRefreshFamily(ctx context.Context, family string) error {
	_, err := db.db.Collection(colRefreshFamilies).UpdateOne(ctx,
		bson.D{{Key: "_id", Value: family}}, bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	if err != nil {
		return fmt.Errorf("revoking refresh family: %w", wrap(err))
	}
	return nil
}
