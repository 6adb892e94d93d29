package sqlite

import (
	"context"
	"fmt"

	"market/models"
)

// The search index synchroniser reads documents in batches: by a list of
// IDs, their versions alone, or every document of a table.

// OpportunitiesByIDs returns those of the given listings that exist, in no order.
func (db *DB) OpportunitiesByIDs(ctx context.Context, ids []string) ([]*models.Opportunity, error) {
	if len(ids) == 0 {
		return []*models.Opportunity{}, nil
	}
	out, err := readAll[models.Opportunity](ctx, db, "opportunity",
		"SELECT doc FROM opportunities WHERE id IN (SELECT value FROM json_each(?))", jsonList(ids))
	if err != nil {
		return nil, fmt.Errorf("reading %d opportunities: %w", len(ids), err)
	}
	return out, nil
}

// OpportunityVersions returns the stored version of each of the named
// listings (of every one when ids is nil); missing ones are left out.
func (db *DB) OpportunityVersions(ctx context.Context, ids []string) (map[string]int, error) {
	v, err := db.versions(ctx, "opportunities", ids)
	if err != nil {
		return nil, fmt.Errorf("reading opportunity versions: %w", err)
	}
	return v, nil
}

// EachOpportunity calls fn with every listing, batch at a time, in no
// particular order, stopping at fn's first error.
func (db *DB) EachOpportunity(ctx context.Context, batch int, fn func([]*models.Opportunity) error) error {
	return each(ctx, db, "opportunities", "opportunity", batch, fn)
}

// versions reads the version column of the rows of table (opportunities or
// organizations) named by ids, or of every row when ids is nil, through
// the table's covering (id, version) index.
func (db *DB) versions(ctx context.Context, table string, ids []string) (map[string]int, error) {
	query := "SELECT id, version FROM " + table + " WHERE id IN (SELECT value FROM json_each(?))"
	args := []any{jsonList(ids)}
	if ids == nil {
		query, args = "SELECT id, version FROM "+table+" INDEXED BY "+table+"_version", nil
	}
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]int, len(ids))
	for rows.Next() {
		var id string
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, wrap(err)
		}
		out[id] = v
	}
	return out, wrap(rows.Err())
}

// each calls fn with every document of table, batch at a time in ID
// order, each batch read by its own query after the last ID of the one
// before: memory holds one batch, and no read transaction stays open while
// fn works.
func each[T any](ctx context.Context, db *DB, table, what string, batch int, fn func([]*T) error) error {
	if batch < 1 {
		batch = 100
	}
	first := "SELECT id, doc FROM " + table + " WHERE id >= ? ORDER BY id LIMIT ?"
	next := "SELECT id, doc FROM " + table + " WHERE id > ? ORDER BY id LIMIT ?"
	query, after := first, ""
	for {
		rows, err := db.query(ctx, query, after, batch)
		query = next
		if err != nil {
			return fmt.Errorf("scanning %s: %w", table, err)
		}
		page := make([]*T, 0, batch)
		for rows.Next() {
			var doc []byte
			if err := rows.Scan(&after, &doc); err != nil {
				rows.Close()
				return fmt.Errorf("scanning %s: %w", table, wrap(err))
			}
			v, err := decode[T](doc, what)
			if err != nil {
				rows.Close()
				return fmt.Errorf("scanning %s: %w", table, err)
			}
			page = append(page, v)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("scanning %s: %w", table, wrap(err))
		}
		if len(page) == 0 {
			return nil
		}
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < batch {
			return nil
		}
	}
}
