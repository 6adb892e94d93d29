package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"market/app/store"
	"market/models"
)

// claimBidSlot records that org holds the one active bid allowed on an
// opportunity. Only one insert of the slot can succeed, on embedded FerretDB
// too: a second claim gives a conflict.
func (db *DB) claimBidSlot(ctx context.Context, opportunityID, orgID, bidID string) error {
	_, err := db.db.Collection(colBidSlots).InsertOne(ctx, bson.D{
		{Key: "_id", Value: opportunityID + "/" + orgID}, {Key: "opportunityId", Value: opportunityID}, {Key: "bidId", Value: bidID},
	})
	if err != nil {
		if err = wrap(err); models.ErrorCode(err) == models.ECONFLICT {
			return models.Errorf(models.ECONFLICT, "your organisation already has an active bid on this opportunity")
		}
		return fmt.Errorf("claiming bid slot: %w", err)
	}
	return nil
}

// releaseBidSlot frees org's slot on an opportunity (after a withdrawal).
func (db *DB) releaseBidSlot(ctx context.Context, opportunityID, orgID string) error {
	if _, err := db.db.Collection(colBidSlots).DeleteOne(ctx, bson.D{{Key: "_id", Value: opportunityID + "/" + orgID}}); err != nil {
		return fmt.Errorf("releasing bid slot: %w", wrap(err))
	}
	return nil
}

// CountBidSlots returns how many organisations hold an active bid on an opportunity.
func (db *DB) CountBidSlots(ctx context.Context, opportunityID string) (int, error) {
	n, err := db.db.Collection(colBidSlots).CountDocuments(ctx, bson.D{{Key: "opportunityId", Value: opportunityID}})
	if err != nil {
		return 0, fmt.Errorf("counting bids: %w", wrap(err))
	}
	return int(n), nil
}

// BidByID returns a bid.
func (db *DB) BidByID(ctx context.Context, id string) (*models.Bid, error) {
	return byID[models.Bid](ctx, db, colBids, id, "bid")
}

// bidsWhere returns the bids whose field equals value, oldest first.
func (db *DB) bidsWhere(ctx context.Context, field, value string) ([]*models.Bid, error) {
	cur, err := db.db.Collection(colBids).Find(ctx, bson.D{{Key: field, Value: value}},
		options.Find().SetSort(bson.D{{Key: "submittedAt", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("listing bids: %w", wrap(err))
	}
	bids := []*models.Bid{}
	if err := cur.All(ctx, &bids); err != nil {
		return nil, fmt.Errorf("reading bids: %w", wrap(err))
	}
	return bids, nil
}

// BidsOnOpportunity returns every bid on an opportunity, withdrawn ones included.
func (db *DB) BidsOnOpportunity(ctx context.Context, opportunityID string) ([]*models.Bid, error) {
	return db.bidsWhere(ctx, "opportunityId", opportunityID)
}

// BidsByBidder returns every bid an organisation made.
func (db *DB) BidsByBidder(ctx context.Context, orgID string) ([]*models.Bid, error) {
	return db.bidsWhere(ctx, "bidder.id", orgID)
}

// BidOfIdempotencyKey returns the bid that org's request with key made on
// a listing, or "" when none did.
func (db *DB) BidOfIdempotencyKey(ctx context.Context, orgID, opportunityID, key string) (string, error) {
	var rec struct {
		BidID string `bson:"bidId"`
	}
	err := db.db.Collection(colIdempotency).FindOne(ctx, bson.D{{Key: "_id", Value: store.IdempotencyKeyID(orgID, opportunityID, key)}}).Decode(&rec)
	switch err = wrap(err); {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading idempotency key: %w", err)
	}
	return rec.BidID, nil
}

// recordIdempotencyKey records the key of the request that made bid b; a
// key already recorded gives store.KeyTaken().
func (db *DB) recordIdempotencyKey(ctx context.Context, b *models.Bid, key string, at time.Time) error {
	_, err := db.db.Collection(colIdempotency).InsertOne(ctx, bson.D{
		{Key: "_id", Value: store.IdempotencyKeyID(b.Bidder.ID, b.OpportunityID, key)}, {Key: "bidId", Value: b.ID}, {Key: "createdAt", Value: at}})
	switch err = wrap(err); {
	case models.ErrorCode(err) == models.ECONFLICT:
		return store.KeyTaken()
	case err != nil:
		return fmt.Errorf("recording idempotency key: %w", err)
	}
	return nil
}

// forgetIdempotencyKey removes the key of a bid whose commit failed.
func (db *DB) forgetIdempotencyKey(ctx context.Context, b *models.Bid, key string) error {
	_, err := db.db.Collection(colIdempotency).DeleteOne(ctx, bson.D{{Key: "_id", Value: store.IdempotencyKeyID(b.Bidder.ID, b.OpportunityID, key)}})
	if err != nil {
		return fmt.Errorf("removing idempotency key: %w", wrap(err))
	}
	return nil
}
