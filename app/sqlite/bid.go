package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"market/app/store"
	"market/models"
)

// bidsTable stores bids by listing and by bidder.
func bidsTable() table[models.Bid] {
	return table[models.Bid]{name: "bids", columns: []string{"id", "opportunity_id", "bidder_id", "submitted_at", "version"},
		values: func(b *models.Bid) []any {
			return []any{b.ID, b.OpportunityID, b.Bidder.ID, ms(b.SubmittedAt), b.Version}
		}}
}

// bidSlot says that an organisation holds the active bid on a listing,
// shaped as app/mongo stores it: its ID is opportunityID + "/" + orgID.
type bidSlot struct {
	ID            string `bson:"_id"`
	OpportunityID string `bson:"opportunityId"`
	BidID         string `bson:"bidId"`
}

// bidSlotsTable stores bid slots; the unique ID lets one claim succeed.
func bidSlotsTable() table[bidSlot] {
	return table[bidSlot]{name: "bid_slots", columns: []string{"id", "opportunity_id", "bid_id"},
		values: func(s *bidSlot) []any { return []any{s.ID, s.OpportunityID, s.BidID} }}
}

// idempotencyKey reserves a request's key for a bid, shaped as app/mongo
// stores it: its ID is orgID + "/" + opportunityID + "/" + key.
type idempotencyKey struct {
	ID        string    `bson:"_id"`
	BidID     string    `bson:"bidId"`
	CreatedAt time.Time `bson:"createdAt"`
}

// idempotencyTable stores idempotency keys.
func idempotencyTable() table[idempotencyKey] {
	return table[idempotencyKey]{name: "idempotency", columns: []string{"id", "created_at"},
		values: func(k *idempotencyKey) []any { return []any{k.ID, ms(k.CreatedAt)} }}
}

// claimBidSlot records in tx that org holds the active bid bidID on a
// listing; only one claim of a slot succeeds, the others get a conflict.
func (db *DB) claimBidSlot(ctx context.Context, tx *sql.Tx, opportunityID, orgID, bidID string) error {
	t := bidSlotsTable()
	row, err := t.row(&bidSlot{ID: opportunityID + "/" + orgID, OpportunityID: opportunityID, BidID: bidID})
	if err != nil {
		return fmt.Errorf("claiming bid slot: %w", err)
	}
	if _, err := db.exec(ctx, tx, t.insertSQL("INSERT"), row...); err != nil {
		if isUnique(err) {
			return models.Errorf(models.ECONFLICT, "your organisation already has an active bid on this opportunity")
		}
		return fmt.Errorf("claiming bid slot: %w", err)
	}
	return nil
}

// releaseBidSlot frees in tx org's slot on a listing.
func (db *DB) releaseBidSlot(ctx context.Context, tx *sql.Tx, opportunityID, orgID string) error {
	if _, err := db.exec(ctx, tx, "DELETE FROM bid_slots WHERE id = ?", opportunityID+"/"+orgID); err != nil {
		return fmt.Errorf("releasing bid slot: %w", err)
	}
	return nil
}

// CountBidSlots returns how many organisations hold an active bid on a listing.
func (db *DB) CountBidSlots(ctx context.Context, opportunityID string) (int, error) {
	n, err := db.count(ctx, "SELECT count(*) FROM bid_slots WHERE opportunity_id = ?", opportunityID)
	if err != nil {
		return 0, fmt.Errorf("counting bids: %w", err)
	}
	return n, nil
}

// BidByID returns a bid, or not_found.
func (db *DB) BidByID(ctx context.Context, id string) (*models.Bid, error) {
	return readByID[models.Bid](ctx, db, "bids", "bid", id)
}

// BidsOnOpportunity returns every bid on a listing, withdrawn ones
// included, oldest first (ties by ID).
func (db *DB) BidsOnOpportunity(ctx context.Context, opportunityID string) ([]*models.Bid, error) {
	out, err := readAll[models.Bid](ctx, db, "bid",
		"SELECT doc FROM bids WHERE opportunity_id = ? ORDER BY submitted_at, id", opportunityID)
	if err != nil {
		return nil, fmt.Errorf("listing bids on %s: %w", opportunityID, err)
	}
	return out, nil
}

// BidsOnOpportunities returns every bid on any of the given listings,
// oldest first (ties by ID).
func (db *DB) BidsOnOpportunities(ctx context.Context, opportunityIDs []string) ([]*models.Bid, error) {
	if len(opportunityIDs) == 0 {
		return []*models.Bid{}, nil
	}
	out, err := readAll[models.Bid](ctx, db, "bid",
		"SELECT doc FROM bids WHERE opportunity_id IN (SELECT value FROM json_each(?)) ORDER BY submitted_at, id",
		jsonList(opportunityIDs))
	if err != nil {
		return nil, fmt.Errorf("listing bids on %d listings: %w", len(opportunityIDs), err)
	}
	return out, nil
}

// BidsByBidder returns every bid an organisation made, oldest first (ties by ID).
func (db *DB) BidsByBidder(ctx context.Context, orgID string) ([]*models.Bid, error) {
	out, err := readAll[models.Bid](ctx, db, "bid",
		"SELECT doc FROM bids WHERE bidder_id = ? ORDER BY submitted_at, id", orgID)
	if err != nil {
		return nil, fmt.Errorf("listing bids by %s: %w", orgID, err)
	}
	return out, nil
}

// BidOfIdempotencyKey returns the bid that org's request with key made on
// a listing, or "" when none did.
func (db *DB) BidOfIdempotencyKey(ctx context.Context, orgID, opportunityID, key string) (string, error) {
	id := store.IdempotencyKeyID(orgID, opportunityID, key)
	k, err := readOne[idempotencyKey](ctx, db, "idempotency key", id, "SELECT doc FROM idempotency WHERE id = ?", id)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading idempotency key: %w", err)
	}
	return k.BidID, nil
}

// recordIdempotencyKey records in tx the key of the request that made bid
// b; a key already recorded gives store.KeyTaken().
func (db *DB) recordIdempotencyKey(ctx context.Context, tx *sql.Tx, b *models.Bid, key string, at time.Time) error {
	t := idempotencyTable()
	row, err := t.row(&idempotencyKey{ID: store.IdempotencyKeyID(b.Bidder.ID, b.OpportunityID, key), BidID: b.ID, CreatedAt: at})
	if err != nil {
		return fmt.Errorf("recording idempotency key: %w", err)
	}
	if _, err := db.exec(ctx, tx, t.insertSQL("INSERT"), row...); err != nil {
		if isUnique(err) {
			return store.KeyTaken()
		}
		return fmt.Errorf("recording idempotency key: %w", err)
	}
	return nil
}
