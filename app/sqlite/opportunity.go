package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"market/models"
)

// opportunitiesTable stores listings with the fields their lists filter
// and sort on; codes are unique.
func opportunitiesTable() table[models.Opportunity] {
	return table[models.Opportunity]{name: "opportunities",
		columns: []string{"id", "code", "kind", "status", "buyer_id", "domain", "district", "sme_only",
			"budget_min", "budget_max", "bid_deadline", "published_at", "updated_at", "version"},
		values: func(o *models.Opportunity) []any {
			return []any{o.ID, o.Code, o.Kind, o.Status, o.Buyer.ID, o.Domain, o.District, boolInt(o.Eligibility.SMEOnly),
				o.Budget.MinFen, o.Budget.MaxFen, ms(o.BidDeadline), msOrNull(o.PublishedAt), ms(o.UpdatedAt), o.Version}
		}}
}

// OpportunityByID returns a listing, or not_found.
func (db *DB) OpportunityByID(ctx context.Context, id string) (*models.Opportunity, error) {
	return readByID[models.Opportunity](ctx, db, "opportunities", "opportunity", id)
}

// DueForClosing returns the IDs of published listings whose deadline is at or before now.
func (db *DB) DueForClosing(ctx context.Context, now time.Time) ([]string, error) {
	rows, err := db.query(ctx, "SELECT id FROM opportunities WHERE status = ? AND bid_deadline <= ? ORDER BY bid_deadline, id",
		models.StatusPublished, ms(now))
	if err != nil {
		return nil, fmt.Errorf("finding listings due to close: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reading listings due to close: %w", wrap(err))
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading listings due to close: %w", wrap(err))
	}
	return ids, nil
}

// OpenListings returns the published listings whose deadline is after now, by ID.
func (db *DB) OpenListings(ctx context.Context, now time.Time) ([]*models.Opportunity, error) {
	out, err := readAll[models.Opportunity](ctx, db, "opportunity",
		"SELECT doc FROM opportunities WHERE status = ? AND bid_deadline > ? ORDER BY id", models.StatusPublished, ms(now))
	if err != nil {
		return nil, fmt.Errorf("finding open listings: %w", err)
	}
	return out, nil
}

// InsertOpportunities inserts listings in bulk, without events, in one
// transaction; benchmarks use it.
func (db *DB) InsertOpportunities(ctx context.Context, list []*models.Opportunity) error {
	if len(list) == 0 {
		return nil
	}
	t := opportunitiesTable()
	rows := make([][]any, len(list))
	for i, o := range list {
		row, err := t.row(o)
		if err != nil {
			return fmt.Errorf("inserting %d opportunities: %w", len(list), err)
		}
		rows[i] = row
	}
	if err := db.write(ctx, func(tx *sql.Tx) error { return db.insertRows(ctx, tx, t, "INSERT", rows) }); err != nil {
		return fmt.Errorf("inserting %d opportunities: %w", len(list), err)
	}
	return nil
}
