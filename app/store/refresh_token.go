package store

import (
	"context"
	"time"
)

// RefreshToken is a stored refresh token: only its hash is kept. Parent is
// the hash of the token it replaced (or "root:" + family for a family's
// first); it is unique, so exactly one rotation of a token succeeds.
type RefreshToken struct {
	Hash      string    `bson:"_id"`
	Family    string    `bson:"family"`
	UserID    string    `bson:"userId"`
	Parent    string    `bson:"parent"`
	ExpiresAt time.Time `bson:"expiresAt"`
	CreatedAt time.Time `bson:"createdAt"`
}

// RefreshFamily records one sign-in's chain of refresh tokens; revoking it
// ends every token of the chain.
type RefreshFamily struct {
	ID        string    `bson:"_id"`
	UserID    string    `bson:"userId"`
	Revoked   bool      `bson:"revoked"`
	CreatedAt time.Time `bson:"createdAt"`
}

// RefreshTokens are the sign-ins' refresh-token chains.
type RefreshTokens interface {
	// StartRefreshFamily records a new family and its first token, whose
	// Parent it sets to "root:" + family.
	StartRefreshFamily(ctx context.Context, t *RefreshToken) error
	// RefreshTokenByHash returns a stored token, or not_found.
	RefreshTokenByHash(ctx context.Context, hash string) (*RefreshToken, error)
	// RotateRefreshToken stores next as the successor of the token whose
	// hash is next.Parent; a conflict means that token was already spent.
	RotateRefreshToken(ctx context.Context, next *RefreshToken) error
	// RefreshFamilyRevoked reports whether the family was revoked (or never existed).
	RefreshFamilyRevoked(ctx context.Context, family string) (bool, error)
	// RevokeRefreshFamily ends every token of the family; it is idempotent.
	RevokeRefreshFamily(ctx context.Context, family string) error
}
