package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"market/app/store"
	"market/models"
)

// refreshTokensTable stores refresh tokens by hash; parent is unique, so
// exactly one rotation of a token succeeds.
func refreshTokensTable() table[store.RefreshToken] {
	return table[store.RefreshToken]{name: "refresh_tokens", columns: []string{"id", "parent", "family"},
		values: func(t *store.RefreshToken) []any { return []any{t.Hash, t.Parent, t.Family} }}
}

// refreshFamiliesTable stores sign-ins' token chains.
func refreshFamiliesTable() table[store.RefreshFamily] {
	return table[store.RefreshFamily]{name: "refresh_families", columns: []string{"id", "user_id", "revoked"},
		values: func(f *store.RefreshFamily) []any { return []any{f.ID, f.UserID, boolInt(f.Revoked)} }}
}

// StartRefreshFamily records a new family and its first token, whose
// Parent it sets to "root:" + family, in one transaction.
func (db *DB) StartRefreshFamily(ctx context.Context, t *store.RefreshToken) error {
	ft, tt := refreshFamiliesTable(), refreshTokensTable()
	family, err := ft.row(&store.RefreshFamily{ID: t.Family, UserID: t.UserID, CreatedAt: t.CreatedAt})
	if err != nil {
		return fmt.Errorf("inserting refresh family: %w", err)
	}
	t.Parent = "root:" + t.Family
	token, err := tt.row(t)
	if err != nil {
		return fmt.Errorf("inserting refresh token: %w", err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, ft.insertSQL("INSERT"), family...); err != nil {
			return fmt.Errorf("inserting refresh family: %w", conflictIfUnique(err))
		}
		if _, err := db.exec(ctx, tx, tt.insertSQL("INSERT"), token...); err != nil {
			return fmt.Errorf("inserting refresh token: %w", conflictIfUnique(err))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("starting refresh family %s: %w", t.Family, err)
	}
	return nil
}

// RefreshTokenByHash returns a stored token, or not_found.
func (db *DB) RefreshTokenByHash(ctx context.Context, hash string) (*store.RefreshToken, error) {
	var doc []byte
	if err := db.queryRow(ctx, "SELECT doc FROM refresh_tokens WHERE id = ?", hash).Scan(&doc); err != nil {
		return nil, fmt.Errorf("finding refresh token: %w", wrap(err))
	}
	return decode[store.RefreshToken](doc, "refresh token")
}

// RotateRefreshToken stores next as the successor of the token whose
// hash is next.Parent; a conflict means that token was already spent.
func (db *DB) RotateRefreshToken(ctx context.Context, next *store.RefreshToken) error {
	t := refreshTokensTable()
	row, err := t.row(next)
	if err != nil {
		return fmt.Errorf("rotating refresh token: %w", err)
	}
	if _, err := db.exec(ctx, nil, t.insertSQL("INSERT"), row...); err != nil {
		return fmt.Errorf("rotating refresh token: %w", conflictIfUnique(err))
	}
	return nil
}

// RefreshFamilyRevoked reports whether the family was revoked (or never existed).
func (db *DB) RefreshFamilyRevoked(ctx context.Context, family string) (bool, error) {
	var revoked bool
	err := db.queryRow(ctx, "SELECT revoked FROM refresh_families WHERE id = ?", family).Scan(&revoked)
	switch err = wrap(err); {
	case err == nil:
		return revoked, nil
	case models.ErrorCode(err) == models.ENOTFOUND:
		return true, nil
	}
	return false, fmt.Errorf("finding refresh family: %w", err)
}

// RevokeRefreshFamily ends every token of the family; it is idempotent,
// and a family that does not exist is left alone.
func (db *DB) RevokeRefreshFamily(ctx context.Context, family string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := db.patchRow(ctx, tx, "refresh_families", family, "revoked = ?", []any{1}, bson.E{Key: "revoked", Value: true})
		return err
	})
	if err != nil {
		return fmt.Errorf("revoking refresh family %s: %w", family, err)
	}
	return nil
}

// conflictIfUnique turns a unique constraint failure into the conflict
// app/mongo's wrap makes of a duplicate key.
func conflictIfUnique(err error) error {
	if isUnique(err) {
		return alreadyExists()
	}
	return err
}
