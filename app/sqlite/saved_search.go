package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"market/models"
)

// savedSearchesTable stores saved searches; (user_id, slot) is unique.
func savedSearchesTable() table[models.SavedSearch] {
	return table[models.SavedSearch]{name: "saved_searches", columns: []string{"id", "user_id", "slot", "created_at"},
		values: func(s *models.SavedSearch) []any { return []any{s.ID, s.UserID, s.Slot, ms(s.CreatedAt)} }}
}

// CreateSavedSearch stores s in the first free slot of its user's
// models.MaxSavedSearches, read and taken in one write transaction, so the
// cap holds under concurrency and across processes; with every slot
// taken it returns a conflict.
func (db *DB) CreateSavedSearch(ctx context.Context, s *models.SavedSearch) error {
	t := savedSearchesTable()
	err := db.write(ctx, func(tx *sql.Tx) error {
		rows, err := db.txQuery(ctx, tx, "SELECT slot FROM saved_searches WHERE user_id = ?", s.UserID)
		if err != nil {
			return err
		}
		taken := make(map[int]bool, models.MaxSavedSearches)
		for rows.Next() {
			var slot int
			if err := rows.Scan(&slot); err != nil {
				rows.Close()
				return wrap(err)
			}
			taken[slot] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return wrap(err)
		}
		free := -1
		for i := range models.MaxSavedSearches {
			if !taken[i] {
				free = i
				break
			}
		}
		if free < 0 {
			return models.Errorf(models.ECONFLICT, "a user may keep at most %d saved searches; delete one first", models.MaxSavedSearches)
		}
		s.Slot = free
		row, err := t.row(s)
		if err != nil {
			return err
		}
		_, err = db.exec(ctx, tx, t.insertSQL("INSERT"), row...)
		return conflictIfUnique(err)
	})
	if err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			return err
		}
		return fmt.Errorf("inserting saved search: %w", err)
	}
	return nil
}

// SavedSearchesByUser returns a user's saved searches, oldest first (ties by ID).
func (db *DB) SavedSearchesByUser(ctx context.Context, userID string) ([]*models.SavedSearch, error) {
	out, err := readAll[models.SavedSearch](ctx, db, "saved search",
		"SELECT doc FROM saved_searches WHERE user_id = ? ORDER BY created_at, id", userID)
	if err != nil {
		return nil, fmt.Errorf("listing saved searches of %s: %w", userID, err)
	}
	return out, nil
}

// AllSavedSearches returns every saved search, oldest first (ties by ID).
func (db *DB) AllSavedSearches(ctx context.Context) ([]*models.SavedSearch, error) {
	out, err := readAll[models.SavedSearch](ctx, db, "saved search", "SELECT doc FROM saved_searches ORDER BY created_at, id")
	if err != nil {
		return nil, fmt.Errorf("listing saved searches: %w", err)
	}
	return out, nil
}

// SavedSearchByID returns one saved search, or not_found.
func (db *DB) SavedSearchByID(ctx context.Context, id string) (*models.SavedSearch, error) {
	return readOne[models.SavedSearch](ctx, db, "saved search", id, "SELECT doc FROM saved_searches WHERE id = ?", id)
}

// DeleteSavedSearch deletes a user's saved search; another user's, or
// an unknown one, is not_found.
func (db *DB) DeleteSavedSearch(ctx context.Context, userID, id string) error {
	res, err := db.exec(ctx, nil, "DELETE FROM saved_searches WHERE id = ? AND user_id = ?", id, userID)
	if err != nil {
		return fmt.Errorf("deleting saved search %s: %w", id, err)
	}
	if affected(res) == 0 {
		return notFound("saved search")
	}
	return nil
}
