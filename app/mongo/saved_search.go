package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/models"
)

// colSavedSearches holds users' saved searches.
const colSavedSearches = "saved_searches"

// CreateSavedSearch stores s in the first free slot of its user's
// MaxSavedSearches. The unique (userId, slot) index lets one writer take a
// slot: a loser tries the next free one, so the cap holds under
// concurrency. With every slot taken it returns a conflict.
func (db *DB) CreateSavedSearch(ctx context.Context, s *models.SavedSearch) error {
	col := db.db.Collection(colSavedSearches)
	for range models.MaxSavedSearches {
		mine, err := db.SavedSearchesByUser(ctx, s.UserID)
		if err != nil {
			return err
		}
		taken := make(map[int]bool, len(mine))
		for _, m := range mine {
			taken[m.Slot] = true
		}
		s.Slot = -1
		for i := range models.MaxSavedSearches {
			if !taken[i] {
				s.Slot = i
				break
			}
		}
		if s.Slot < 0 {
			return models.Errorf(models.ECONFLICT, "a user may keep at most %d saved searches; delete one first", models.MaxSavedSearches)
		}
		_, err = col.InsertOne(ctx, s)
		if err = wrap(err); err == nil {
			return nil
		} else if models.ErrorCode(err) != models.ECONFLICT {
			return fmt.Errorf("inserting saved search: %w", err)
		}
	}
	return models.Errorf(models.ECONFLICT, "saved searches changed concurrently; try again")
}

// SavedSearchesByUser returns a user's saved searches, oldest first.
func (db *DB) SavedSearchesByUser(ctx context.Context, userID string) ([]*models.SavedSearch, error) {
	return findSavedSearches(ctx, db, bson.D{{Key: "userId", Value: userID}})
}

// AllSavedSearches returns every saved search (alerts match each listing against them all).
func (db *DB) AllSavedSearches(ctx context.Context) ([]*models.SavedSearch, error) {
	return findSavedSearches(ctx, db, bson.D{})
}

// findSavedSearches returns the saved searches matching filter, oldest first.
func findSavedSearches(ctx context.Context, db *DB, filter bson.D) ([]*models.SavedSearch, error) {
	cur, err := db.db.Collection(colSavedSearches).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing saved searches: %w", wrap(err))
	}
	out := []*models.SavedSearch{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("reading saved searches: %w", wrap(err))
	}
	return out, nil
}

// SavedSearchByID returns one saved search.
func (db *DB) SavedSearchByID(ctx context.Context, id string) (*models.SavedSearch, error) {
	return byID[models.SavedSearch](ctx, db, colSavedSearches, id, "saved search")
}

// DeleteSavedSearch deletes a user's saved search; another user's, or an
// unknown one, is not_found.
func (db *DB) DeleteSavedSearch(ctx context.Context, userID, id string) error {
	res, err := db.db.Collection(colSavedSearches).DeleteOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "userId", Value: userID}})
	if err != nil {
		return fmt.Errorf("deleting saved search %s: %w", id, wrap(err))
	}
	if res.DeletedCount == 0 {
		return models.Errorf(models.ENOTFOUND, "saved search not found")
	}
	return nil
}
