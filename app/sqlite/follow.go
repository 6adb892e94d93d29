package sqlite

import (
	"context"
	"fmt"

	"market/models"
)

// followsTable stores users' follows of listings, one per user and listing
// (the ID is models.FollowID).
func followsTable() table[models.Follow] {
	return table[models.Follow]{name: "follows", columns: []string{"id", "user_id", "opportunity_id", "created_at"},
		values: func(f *models.Follow) []any { return []any{f.ID, f.UserID, f.OpportunityID, ms(f.CreatedAt)} }}
}

// CreateFollow stores f; following a listing already followed changes
// nothing and reports false.
func (db *DB) CreateFollow(ctx context.Context, f *models.Follow) (bool, error) {
	t := followsTable()
	row, err := t.row(f)
	if err != nil {
		return false, fmt.Errorf("inserting follow: %w", err)
	}
	res, err := db.exec(ctx, nil, t.insertSQL("INSERT OR IGNORE"), row...)
	if err != nil {
		return false, fmt.Errorf("inserting follow %s: %w", f.ID, err)
	}
	return affected(res) == 1, nil
}

// DeleteFollow removes a user's follow of a listing; deleting one that
// does not exist is not an error.
func (db *DB) DeleteFollow(ctx context.Context, userID, opportunityID string) error {
	if _, err := db.exec(ctx, nil, "DELETE FROM follows WHERE id = ?", models.FollowID(userID, opportunityID)); err != nil {
		return fmt.Errorf("deleting follow: %w", err)
	}
	return nil
}

// FollowsByUser returns a user's follows, newest first (ties by ID).
func (db *DB) FollowsByUser(ctx context.Context, userID string) ([]*models.Follow, error) {
	out, err := readAll[models.Follow](ctx, db, "follow",
		"SELECT doc FROM follows WHERE user_id = ? ORDER BY created_at DESC, id", userID)
	if err != nil {
		return nil, fmt.Errorf("listing follows of user %s: %w", userID, err)
	}
	return out, nil
}

// FollowersOf returns the follows of a listing, newest first (ties by ID).
func (db *DB) FollowersOf(ctx context.Context, opportunityID string) ([]*models.Follow, error) {
	out, err := readAll[models.Follow](ctx, db, "follow",
		"SELECT doc FROM follows WHERE opportunity_id = ? ORDER BY created_at DESC, id", opportunityID)
	if err != nil {
		return nil, fmt.Errorf("listing followers of %s: %w", opportunityID, err)
	}
	return out, nil
}
